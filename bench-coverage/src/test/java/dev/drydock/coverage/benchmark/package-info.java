/** The report parsing benchmark: generated monorepo-sized reports, drydock against pycobertura. */
@NullMarked
package dev.drydock.coverage.benchmark;

import org.jspecify.annotations.NullMarked;

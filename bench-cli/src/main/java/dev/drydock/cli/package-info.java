/**
 * The {@code drydock} command: {@code run} executes a benchmark configuration and prints the
 * summary table, {@code validate} checks one and prints it resolved with secrets redacted.
 */
@NullMarked
package dev.drydock.cli;

import org.jspecify.annotations.NullMarked;

/**
 * Value types shared by drydock and its providers: run results, coverage and test reports, LLM
 * usage, secrets, and the one exception family ({@link dev.drydock.api.DrydockException}) whose
 * {@link dev.drydock.api.ErrorCode} lands in every failed result. Everything here is immutable and
 * free of third-party dependencies.
 */
@NullMarked
package dev.drydock.api;

import org.jspecify.annotations.NullMarked;

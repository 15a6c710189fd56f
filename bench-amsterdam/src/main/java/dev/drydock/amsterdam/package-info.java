/**
 * The {@code amsterdam} LLM proxy: drydock starts the real {@code amsterdam} binary (Bosun's
 * metering gateway, from crates.io) once per suite, makes one Amsterdam project per run (its
 * token is the run's key) and reads the run's usage from Amsterdam's metrics.
 */
@NullMarked
package dev.drydock.amsterdam;

import org.jspecify.annotations.NullMarked;

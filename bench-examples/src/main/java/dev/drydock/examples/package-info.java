/**
 * Runnable examples of embedding drydock: {@link dev.drydock.examples.QuickstartMain} runs the
 * quickstart through the Java API, {@link dev.drydock.examples.DirectoryResultStoreProvider} is a
 * complete custom provider (one JSON file per run, friendly to version control), and {@link
 * dev.drydock.examples.CustomStoreMain} runs a suite with it.
 */
@NullMarked
package dev.drydock.examples;

import org.jspecify.annotations.NullMarked;

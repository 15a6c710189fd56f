/**
 * The {@code embedded} LLM proxy: an in-process HTTP server (Jetty) that agents reach with a per-run
 * key, that forwards OpenAI- and Anthropic-style calls to the real provider with the upstream key
 * (OkHttp), passes streams through event by event, and meters every call's tokens from the
 * response itself into the run's usage and a ledger.
 */
@NullMarked
package dev.drydock.proxy;

import org.jspecify.annotations.NullMarked;

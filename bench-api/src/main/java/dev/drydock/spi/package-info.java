/**
 * The service provider interfaces drydock finds through {@link java.util.ServiceLoader}: workspace
 * providers, LLM proxies, coverage and test report parsers, and result stores. Every provider is a
 * named, stateless factory that binds its own configuration record and creates a stateful,
 * {@link java.lang.AutoCloseable} component.
 */
@NullMarked
package dev.drydock.spi;

import org.jspecify.annotations.NullMarked;

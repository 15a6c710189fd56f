/**
 * Finding providers and report parsers through {@link java.util.ServiceLoader}, by name, with
 * errors that list what is available and which artifact provides a missing name.
 */
@NullMarked
package dev.drydock.core.registry;

import org.jspecify.annotations.NullMarked;

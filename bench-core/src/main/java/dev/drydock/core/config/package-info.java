/**
 * Reading benchmark configurations: YAML into a tree that remembers file, line and column of every
 * value ({@link dev.drydock.core.config.ConfigNode}), {@code ${ENV}} substitution, template merging
 * (platform &lt; repository template &lt; user overrides), and strict binding into records
 * ({@link dev.drydock.core.config.ConfigBinder}) that reports every problem at once.
 */
@NullMarked
package dev.drydock.core.config;

import org.jspecify.annotations.NullMarked;

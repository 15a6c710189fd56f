/**
 * The {@code container} workspace provider: each workspace is a podman or Docker container, driven
 * through the Docker Engine API, made from an image drydock builds itself (a Debian base from
 * debootstrap plus toolchain layers) or from a snapshot taken after the repository's setup. Commands
 * run as a non-root user with cgroup limits; per phase the container is on an open network, on an
 * internal network where only drydock's relays (the LLM proxy) answer, or on none. Every container
 * and network carries its drydock's owner label; a drydock started later removes what a killed one
 * left.
 */
@NullMarked
package dev.drydock.container;

import org.jspecify.annotations.NullMarked;

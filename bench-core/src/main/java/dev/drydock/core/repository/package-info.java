/**
 * Getting a repository to a pinned commit before any workspace exists: bundled samples become git
 * repositories with a deterministic commit, remote URLs are mirrored once into a cache, local
 * paths are used as they are. JGit does the work; errors become {@code REPOSITORY} failures.
 */
@NullMarked
package dev.drydock.core.repository;

import org.jspecify.annotations.NullMarked;

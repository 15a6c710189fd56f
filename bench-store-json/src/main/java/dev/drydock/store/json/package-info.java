/**
 * The {@code json} result store: every result in one JSON document, rewritten atomically (temporary
 * file, fsync, atomic rename) under a file lock, so concurrent drydock processes never lose a result
 * and a crash mid-write never corrupts what was stored. {@link dev.drydock.store.json.RunResultJson}
 * is the one JSON mapping of a {@link dev.drydock.api.RunResult}.
 */
@NullMarked
package dev.drydock.store.json;

import org.jspecify.annotations.NullMarked;

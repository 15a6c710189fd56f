/**
 * The results server ({@code drydock serve}): results submitted over HTTP with a bearer token,
 * validated against the published schema, stored idempotently in a {@link dev.drydock.store.sql.SqlResultStore},
 * queried page by page, ranked on a leaderboard, and shown on a page of static assets.
 */
@NullMarked
package dev.drydock.server;

import org.jspecify.annotations.NullMarked;

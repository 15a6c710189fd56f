/**
 * The {@code local} workspace provider, drydock's embedded default: each workspace is a private
 * git checkout in its own temporary folder, commands run as {@code bash -c} in their own process
 * session so a time limit kills the whole tree, output is capped (head and tail kept) and file
 * access is confined to the checkout.
 */
@NullMarked
package dev.drydock.local;

import org.jspecify.annotations.NullMarked;

/**
 * The {@code derrick} workspace provider: one real Derrick process (Bosun's workspace server, from
 * crates.io) per workspace, driven over HTTP, with its limits mapped honestly onto drydock's
 * workspace SPI (a host-wide lock for its fixed port, client-side time limits, exit codes it loses).
 */
@NullMarked
package dev.drydock.derrick;

import org.jspecify.annotations.NullMarked;

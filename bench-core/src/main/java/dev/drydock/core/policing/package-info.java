/**
 * Policing, the judgement at the heart of drydock: what changed and in which category, which
 * changes are violations, which added tests assert nothing or do something no honest test needs,
 * whether a measured checkout was tampered with, and the verdicts of both benchmarks. Every class
 * here is a pure function of measured values (diffs, reports, counts) and is unit-tested without a
 * workspace; the benchmarks gather the values, this package judges them, and every flag carries
 * the evidence a person needs to check it.
 */
@NullMarked
package dev.drydock.core.policing;

import org.jspecify.annotations.NullMarked;

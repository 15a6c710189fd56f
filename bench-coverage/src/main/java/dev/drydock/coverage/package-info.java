/**
 * Coverage and test report parsers: LCOV and Cobertura XML line coverage, JUnit XML test reports.
 * XML is read with StAX with DTDs and external entities disabled; every malformed report fails with
 * a {@link dev.drydock.api.ReportFormatException} naming the file, the position and what was expected.
 */
@NullMarked
package dev.drydock.coverage;

import org.jspecify.annotations.NullMarked;

package dev.drydock.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.ReportFormatException;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ReportSource;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Report parsers are chosen like providers: by a unique name, and never by class path order. */
class ReportParsersTest {
    /** A parser of {@code format} that reads files whose head starts with {@code prefix}. */
    private record Parser(String format, String prefix) implements CoverageParser {
        @Override
        public boolean supports(String fileName, byte[] head) {
            return new String(head).startsWith(prefix);
        }

        @Override
        public CoverageReport parse(InputStream in, ReportSource source) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void twoParsersForOneFormatAreAConfigurationErrorNamingBoth() {
        assertThatThrownBy(() -> new ReportParsers(List.of(new Parser("lcov", "SF:"), new Parser("lcov", "TN:")), List.of()))
                .isInstanceOfSatisfying(DrydockException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("two coverage parsers for format 'lcov'")
                .hasMessageContaining(Parser.class.getName());
    }

    @Test
    void aFileTwoParsersReadIsAnErrorNotTheFirstOnesToRead() {
        ReportParsers parsers = new ReportParsers(List.of(new Parser("a", "<x"), new Parser("b", "<x"), new Parser("c", "SF:")),
                List.of());
        assertThatThrownBy(() -> parsers.coverageParser(Optional.empty(), "report.xml", "<x/>".getBytes()))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("a and b all read this file");
        assertThat(parsers.coverageParser(Optional.empty(), "lcov.info", "SF:x".getBytes()).format()).isEqualTo("c");
        assertThat(parsers.coverageParser(Optional.of("b"), "report.xml", "<x/>".getBytes()).format()).isEqualTo("b");
    }
}

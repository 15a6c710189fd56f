package dev.drydock.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.drydock.api.ReportFormatException;
import dev.drydock.spi.ReportSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every parser against input meant to break it: truncated real reports, binary garbage, a 10 MB
 * line, entity tricks. Each must fail with a {@link ReportFormatException} that names the file,
 * never with a parser's internal exception, and never hang (the time-out only guards against a
 * hang; it is no speed target).
 */
class HostileReportsTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    /** A parser under test, with a real report of its format. */
    record Subject(String name, Consumer<byte[]> parse, String realReport) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Subject> subjects() {
        return Stream.of(
                new Subject("lcov", bytes -> new LcovParser().parse(in(bytes), source()), "real/c8.lcov"),
                new Subject("cobertura", bytes -> new CoberturaParser().parse(in(bytes), source()), "real/coveragepy-cobertura.xml"),
                new Subject("jacoco", bytes -> new JacocoParser().parse(in(bytes), source()), "real/jacoco.xml"),
                new Subject("coveragepy-json", bytes -> new CoveragePyJsonParser().parse(in(bytes), source()), "real/coveragepy.json"),
                new Subject("istanbul-json", bytes -> new IstanbulJsonParser().parse(in(bytes), source()), "real/vitest-istanbul.json"),
                new Subject("junit", bytes -> new JunitXmlParser().parse(in(bytes), source()), "real/surefire-junit.xml"));
    }

    private static ByteArrayInputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static ReportSource source() {
        return new ReportSource("hostile.report", "/fixture");
    }

    private static void assertRejected(Subject subject, byte[] input) {
        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> subject.parse().accept(input))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageStartingWith("hostile.report"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void theRealReportParses(Subject subject) {
        subject.parse().accept(CoverageParsersTest.resource(subject.realReport()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void truncatedReportsAreRejected(Subject subject) {
        byte[] real = CoverageParsersTest.resource(subject.realReport());
        for (int cut : new int[] {real.length / 3, real.length / 2, real.length * 2 / 3}) {
            assertRejected(subject, Arrays.copyOf(real, cut));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void binaryGarbageIsRejected(Subject subject) {
        byte[] garbage = new byte[1 << 20];
        new Random(42).nextBytes(garbage);
        assertRejected(subject, garbage);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void aTenMegabyteLineIsRejected(Subject subject) {
        byte[] line = new byte[10 << 20];
        Arrays.fill(line, (byte) 'A');
        assertRejected(subject, line);
        // the same inside a plausible start of the format
        byte[] start = CoverageParsersTest.resource(subject.realReport());
        byte[] prefixed = Arrays.copyOf(start, Math.min(start.length, 200) + line.length);
        System.arraycopy(line, 0, prefixed, Math.min(start.length, 200), line.length);
        assertRejected(subject, prefixed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void emptyInputIsRejected(Subject subject) {
        assertRejected(subject, new byte[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("xmlSubjects")
    void externalAndExpandingEntitiesAreRejected(Subject subject) {
        String root = switch (subject.name()) {
            case "jacoco" -> "report";
            case "junit" -> "testsuites";
            default -> "coverage";
        };
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE " + root + " [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<"
                + root + " name=\"&x;\"/>";
        assertRejected(subject, xxe.getBytes(StandardCharsets.UTF_8));
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE " + root + " [<!ENTITY a0 \"lol\">");
        for (int i = 1; i <= 12; i++) {
            bomb.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        bomb.append("]>\n<").append(root).append(">&a12;</").append(root).append(">");
        assertRejected(subject, bomb.toString().getBytes(StandardCharsets.UTF_8));
        String parameterEntity = "<?xml version=\"1.0\"?>\n<!DOCTYPE " + root
                + " [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/evil.dtd\"> %p;]>\n<" + root + "/>";
        assertRejected(subject, parameterEntity.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> xmlSubjects() {
        return subjects().filter(s -> !s.name().equals("lcov") && !s.name().equals("coveragepy-json")).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void messagesNameAPosition(Subject subject) {
        byte[] real = CoverageParsersTest.resource(subject.realReport());
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(
                () -> subject.parse().accept(Arrays.copyOf(real, real.length / 2)));
        assertThat(error).isInstanceOf(ReportFormatException.class);
        assertThat(error.getMessage()).matches("hostile\\.report(:\\d+)+: .+");
    }
}

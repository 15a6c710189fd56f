package dev.drydock.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.CoverageSummary;
import dev.drydock.api.TestReport;
import dev.drydock.api.TestStatus;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ReportSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports written by the real tools on the fixture projects under {@code src/test/fixtures}: the
 * committed copies (generated in {@code /fixture}) must parse to the totals the tool itself printed,
 * and every platform's tool is run again here ({@code regenerate.sh}) to check the same for fresh
 * output. The regeneration needs python3, Maven (the wrapper), node/npm, cargo and Debian's llvm-22;
 * {@code ./test} installs what a fresh machine lacks.
 */
class RealToolReportsTest {
    static final String COMMITTED = "real/";
    private static final Path FIXTURES = Path.of("src/test/fixtures");

    static CoverageSummary parseCoverage(CoverageParser parser, byte[] report, String name, String projectRoot) {
        CoverageReport parsed = parser.parse(new ByteArrayInputStream(report), new ReportSource(name, projectRoot));
        return parsed.summary();
    }

    static CoverageSummary summary(byte[] text) {
        long[] numbers = Arrays.stream(new String(text, StandardCharsets.UTF_8).strip().split("\\s+"))
                .mapToLong(Long::parseLong)
                .toArray();
        return new CoverageSummary(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    static byte[] committed(String name) {
        return CoverageParsersTest.resource(COMMITTED + name);
    }

    /** The committed reports, parsed. */
    @Nested
    class Committed {
        @Test
        void coveragePyCoberturaJsonAndLcovMatchCoveragePysTotals() {
            CoverageSummary expected = summary(committed("coveragepy-summary.txt"));
            assertThat(expected).isEqualTo(new CoverageSummary(9, 15, 4, 8));
            assertThat(parseCoverage(new CoberturaParser(), committed("coveragepy-cobertura.xml"), "c.xml", "/fixture"))
                    .isEqualTo(expected);
            assertThat(parseCoverage(new CoveragePyJsonParser(), committed("coveragepy.json"), "c.json", "/fixture"))
                    .isEqualTo(expected);
            assertThat(parseCoverage(new LcovParser(), committed("coveragepy.lcov"), "c.lcov", "/fixture"))
                    .isEqualTo(expected);
        }

        @Test
        void jacocoMatchesItsCsvTotals() {
            CoverageSummary expected = summary(committed("jacoco-summary.txt"));
            assertThat(expected).isEqualTo(new CoverageSummary(4, 9, 3, 6));
            CoverageReport report = new JacocoParser().parse(
                    new ByteArrayInputStream(committed("jacoco.xml")), new ReportSource("target/site/jacoco/jacoco.xml", "/fixture"));
            assertThat(report.summary()).isEqualTo(expected);
            assertThat(report.files()).containsOnlyKeys("src/main/java/demo/Shapes.java");
        }

        @Test
        void c8LcovAndCoberturaMatchIstanbulsSummary() {
            CoverageSummary expected = summary(committed("c8-summary.txt"));
            assertThat(expected).isEqualTo(new CoverageSummary(9, 17, 4, 5));
            assertThat(parseCoverage(new LcovParser(), committed("c8.lcov"), "lcov.info", "/fixture")).isEqualTo(expected);
            CoverageReport cobertura = new CoberturaParser().parse(
                    new ByteArrayInputStream(committed("c8-cobertura.xml")), new ReportSource("c.xml", "/fixture"));
            assertThat(cobertura.summary()).isEqualTo(expected);
            assertThat(cobertura.files()).containsOnlyKeys("shapes.js");
        }

        @Test
        void llvmCovLcovMatchesLlvmCovsTotals() {
            CoverageSummary expected = summary(committed("llvm-cov-summary.txt"));
            assertThat(expected).isEqualTo(new CoverageSummary(6, 14, 0, 0));
            CoverageReport report = new LcovParser().parse(
                    new ByteArrayInputStream(committed("llvm-cov.lcov")), new ReportSource("lcov.info", "/fixture"));
            assertThat(report.summary()).isEqualTo(expected);
            assertThat(report.files()).containsOnlyKeys("src/lib.rs");
            CoverageReport cobertura = new CoberturaParser().parse(
                    new ByteArrayInputStream(committed("cargo-llvm-cov-cobertura.xml")), new ReportSource("c.xml", "/fixture"));
            assertThat(cobertura.summary()).isEqualTo(expected);
            assertThat(cobertura.files()).containsOnlyKeys("src/lib.rs");
        }

        @Test
        void junitReportsOfPytestSurefireAndNodeTest() {
            JunitXmlParser parser = new JunitXmlParser();
            TestReport pytest = parser.parse(new ByteArrayInputStream(committed("pytest-junit.xml")), new ReportSource("p", ""));
            assertThat(pytest.tests()).extracting(t -> t.id()).containsExactly(
                    "tests.test_shapes::test_classify_positive_and_negative", "tests.test_shapes::test_clamp_inside");
            TestReport surefire = parser.parse(new ByteArrayInputStream(committed("surefire-junit.xml")), new ReportSource("s", ""));
            assertThat(surefire.tests()).singleElement().satisfies(t -> {
                assertThat(t.id()).isEqualTo("demo.ShapesTest::classifiesPositiveAndNegative");
                assertThat(t.status()).isEqualTo(TestStatus.PASSED);
            });
            TestReport node = parser.parse(new ByteArrayInputStream(committed("node-junit.xml")), new ReportSource("n", ""));
            assertThat(node.tests()).singleElement().satisfies(t -> assertThat(t.id()).isEqualTo("test::classifies positive and negative"));
        }
    }

    /** The tools run again on the fixtures; drydock must read the numbers they print. */
    @Nested
    class Regenerated {
        @TempDir
        Path temp;

        private Path regenerate(String platform) throws Exception {
            Path project = temp.resolve(platform);
            copy(FIXTURES.resolve(platform), project);
            Path out = Files.createDirectories(temp.resolve("out"));
            ProcessBuilder builder = new ProcessBuilder("bash", "regenerate.sh", out.toString())
                    .directory(project.toFile())
                    .redirectErrorStream(true);
            builder.environment().put("MVNW", Path.of("../mvnw").toAbsolutePath().normalize().toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as("regenerate.sh for %s printed:%n%s", platform, output).isZero();
            return out;
        }

        @Test
        void python() throws Exception {
            Path out = regenerate("python");
            String root = temp.resolve("python").toString();
            CoverageSummary expected = summary(Files.readAllBytes(out.resolve("coveragepy-summary.txt")));
            assertThat(expected).isEqualTo(summary(committed("coveragepy-summary.txt")));
            assertThat(parseCoverage(new CoberturaParser(), Files.readAllBytes(out.resolve("coveragepy-cobertura.xml")), "c", root))
                    .isEqualTo(expected);
            assertThat(parseCoverage(new CoveragePyJsonParser(), Files.readAllBytes(out.resolve("coveragepy.json")), "j", root))
                    .isEqualTo(expected);
            assertThat(parseCoverage(new LcovParser(), Files.readAllBytes(out.resolve("coveragepy.lcov")), "l", root))
                    .isEqualTo(expected);
        }

        @Test
        void java() throws Exception {
            Path out = regenerate("java");
            CoverageSummary expected = summary(Files.readAllBytes(out.resolve("jacoco-summary.txt")));
            assertThat(expected).isEqualTo(summary(committed("jacoco-summary.txt")));
            assertThat(parseCoverage(new JacocoParser(), Files.readAllBytes(out.resolve("jacoco.xml")),
                    "target/site/jacoco/jacoco.xml", "")).isEqualTo(expected);
        }

        @Test
        void node() throws Exception {
            Path out = regenerate("node");
            String root = temp.resolve("node").toString();
            CoverageSummary expected = summary(Files.readAllBytes(out.resolve("c8-summary.txt")));
            assertThat(expected).isEqualTo(summary(committed("c8-summary.txt")));
            assertThat(parseCoverage(new LcovParser(), Files.readAllBytes(out.resolve("c8.lcov")), "l", root)).isEqualTo(expected);
            assertThat(parseCoverage(new CoberturaParser(), Files.readAllBytes(out.resolve("c8-cobertura.xml")), "c", root))
                    .isEqualTo(expected);
        }

        @Test
        void rust() throws Exception {
            Path out = regenerate("rust");
            String root = temp.resolve("rust").toString();
            CoverageSummary expected = summary(Files.readAllBytes(out.resolve("llvm-cov-summary.txt")));
            assertThat(expected).isEqualTo(summary(committed("llvm-cov-summary.txt")));
            CoverageReport report = new LcovParser().parse(
                    Files.newInputStream(out.resolve("llvm-cov.lcov")), new ReportSource("lcov.info", root));
            assertThat(report.summary()).isEqualTo(expected);
            assertThat(report.files()).containsOnlyKeys("src/lib.rs");
            assertThat(parseCoverage(new CoberturaParser(), Files.readAllBytes(out.resolve("cargo-llvm-cov-cobertura.xml")),
                    "c", root)).isEqualTo(expected);
        }

        private static void copy(Path from, Path to) throws IOException {
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path source : (Iterable<Path>) walk::iterator) {
                    Path relative = from.relativize(source);
                    String first = relative.getNameCount() > 0 ? relative.getName(0).toString() : "";
                    if (first.equals("target") || first.equals("node_modules") || first.equals(".venv")
                            || first.equals("coverage")) {
                        continue;
                    }
                    Path target = to.resolve(relative.toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
        }
    }
}

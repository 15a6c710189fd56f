package dev.drydock.coverage.benchmark;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.CoverageSummary;
import dev.drydock.coverage.CoberturaParser;
import dev.drydock.coverage.LcovParser;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ReportSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Generates a monorepo-sized Cobertura report and LCOV report, parses each with drydock (one
 * untimed warm-up for the JIT and the page cache, then {@value #RUNS} timed parses) and the
 * Cobertura one with pycobertura (the seed's original parser, installed from PyPI into a
 * virtualenv, {@value #PY_RUNS} runs), and prints the spread of the runs (min, median, max), peak
 * heap and the speed ratio (of the medians, and its worst and best case). The timed parses run
 * without the heap sampler, whose millisecond polling competes for a 2-core machine's CPU; one more
 * parse with the sampler measures peak heap and shows what sampling costs.
 *
 * <pre>
 * ./mvnw -q -pl bench-coverage -am install -DskipTests
 * ./mvnw -q -pl bench-coverage exec:exec@benchmark -Dbenchmark.mb=200     # the full run
 * ./mvnw -q -pl bench-coverage exec:exec@benchmark -Dbenchmark.mb=10      # CI's short run
 * </pre>
 *
 * The exec configuration starts it with {@code -Xmx256m}: the 256 MB heap target is enforced, not
 * just measured. Arguments: size in MB of each generated report, the work folder.
 */
public final class ReportParsingBenchmark {
    private static final int LINES_PER_FILE = 400;
    private static final String PYCOBERTURA = "pycobertura==4.1.0";
    private static final int RUNS = 5;
    private static final int PY_RUNS = 3;

    private ReportParsingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path work = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/benchmark"));
        long target = (long) megabytes << 20;

        Path cobertura = work.resolve("monorepo-" + megabytes + "mb.xml");
        Path lcov = work.resolve("monorepo-" + megabytes + "mb.info");
        long coberturaLines = generateCobertura(cobertura, target);
        long lcovLines = generateLcov(lcov, target);

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"parser", "report", "size MB", "lines", "runs", "seconds min / median / max", "MB/s median",
                "MB/s min-max", "s with heap sampler", "peak heap MB"});
        Result drydockCobertura = measure(new CoberturaParser(), cobertura);
        rows.add(drydockCobertura.row("drydock cobertura", cobertura));
        Result drydockLcov = measure(new LcovParser(), lcov);
        rows.add(drydockLcov.row("drydock lcov", lcov));
        check(drydockCobertura.summary, coberturaLines, "cobertura");
        check(drydockLcov.summary, lcovLines, "lcov");

        List<Double> py = new ArrayList<>();
        for (int run = 0; run < PY_RUNS; run++) {
            py.add(pycobertura(cobertura, work, coberturaLines));
        }
        Spread pySpread = new Spread(py);
        double sizeMb = Files.size(cobertura) / 1048576.0;
        rows.add(new String[] {"pycobertura 4.1.0", cobertura.getFileName().toString(), fmt(sizeMb),
                String.valueOf(coberturaLines), String.valueOf(PY_RUNS), pySpread.text(), fmt(sizeMb / pySpread.median()),
                fmt(sizeMb / pySpread.max()) + "-" + fmt(sizeMb / pySpread.min()), "-", "n/a (CPython)"});

        print(rows);
        Spread ours = drydockCobertura.spread;
        System.out.printf(Locale.ROOT, "%nspeed ratio drydock / pycobertura on the same Cobertura file: %.1fx of the medians"
                + " (%.1fx to %.1fx between the slowest and fastest runs of each; target >= 20x at 200 MB; small files are"
                + " dominated by start-up, and pycobertura slows down more than linearly)%n",
                pySpread.median() / ours.median(), pySpread.min() / ours.max(), pySpread.max() / ours.min());
        System.out.printf(Locale.ROOT, "peak heap while parsing the Cobertura file: %.0f MB (target <= 256 MB; JVM started with -Xmx%d MB)%n",
                drydockCobertura.peakHeapMb, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** A report of {@code files} source files, each {@value #LINES_PER_FILE} lines, every fifth a branch. */
    static long generateCobertura(Path file, long targetBytes) throws IOException {
        long lines = 0;
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            out.write("<?xml version=\"1.0\" ?>\n<coverage version=\"7.0\" line-rate=\"0.5\" branch-rate=\"0.5\">\n");
            out.write("\t<sources>\n\t\t<source>/monorepo</source>\n\t</sources>\n\t<packages>\n");
            long written = 200;
            for (int f = 0; written < targetBytes; f++) {
                StringBuilder chunk = new StringBuilder(32 * 1024);
                chunk.append("\t\t<package name=\"pkg").append(f / 50).append("\" line-rate=\"0.5\" branch-rate=\"0.5\">")
                        .append("<classes>\n\t\t\t<class name=\"m").append(f).append(".py\" filename=\"services/pkg")
                        .append(f / 50).append("/m").append(f).append(".py\" line-rate=\"0.5\" branch-rate=\"0.5\">\n")
                        .append("\t\t\t\t<methods/>\n\t\t\t\t<lines>\n");
                for (int line = 1; line <= LINES_PER_FILE; line++) {
                    chunk.append("\t\t\t\t\t<line number=\"").append(line).append("\" hits=\"").append((line * 7 + f) % 3);
                    if (line % 5 == 0) {
                        chunk.append("\" branch=\"true\" condition-coverage=\"50% (1/2)");
                    }
                    chunk.append("\"/>\n");
                }
                chunk.append("\t\t\t\t</lines>\n\t\t\t</class>\n\t\t</classes></package>\n");
                out.write(chunk.toString());
                written += chunk.length();
                lines += LINES_PER_FILE;
            }
            out.write("\t</packages>\n</coverage>\n");
        }
        return lines;
    }

    static long generateLcov(Path file, long targetBytes) throws IOException {
        long lines = 0;
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            long written = 0;
            for (int f = 0; written < targetBytes; f++) {
                StringBuilder chunk = new StringBuilder(16 * 1024);
                chunk.append("TN:\nSF:/monorepo/services/pkg").append(f / 50).append("/m").append(f).append(".ts\n");
                for (int line = 1; line <= LINES_PER_FILE; line++) {
                    chunk.append("DA:").append(line).append(',').append((line * 7 + f) % 3).append('\n');
                    if (line % 5 == 0) {
                        chunk.append("BRDA:").append(line).append(",0,0,1\nBRDA:").append(line).append(",0,1,-\n");
                    }
                }
                chunk.append("end_of_record\n");
                out.write(chunk.toString());
                written += chunk.length();
                lines += LINES_PER_FILE;
            }
        }
        return lines;
    }

    /** Run times in seconds. */
    record Spread(List<Double> seconds) {
        Spread {
            seconds = seconds.stream().sorted().toList();
        }

        double min() {
            return seconds.get(0);
        }

        double max() {
            return seconds.get(seconds.size() - 1);
        }

        double median() {
            int n = seconds.size();
            return n % 2 == 1 ? seconds.get(n / 2) : (seconds.get(n / 2 - 1) + seconds.get(n / 2)) / 2;
        }

        String text() {
            return fmt(min()) + " / " + fmt(median()) + " / " + fmt(max());
        }
    }

    record Result(CoverageSummary summary, Spread spread, double sampledSeconds, double peakHeapMb) {
        String[] row(String name, Path file) throws IOException {
            double mb = Files.size(file) / 1048576.0;
            return new String[] {name, file.getFileName().toString(), fmt(mb), String.valueOf(summary.linesTotal()),
                    String.valueOf(RUNS), spread.text(), fmt(mb / spread.median()),
                    fmt(mb / spread.max()) + "-" + fmt(mb / spread.min()), fmt(sampledSeconds), fmt(peakHeapMb)};
        }
    }

    /**
     * A warm-up parse, {@value #RUNS} timed ones, and one more for peak heap: the most heap in use
     * (live objects and garbage not yet collected) seen by a thread sampling every millisecond.
     */
    static Result measure(CoverageParser parser, Path file) throws IOException, InterruptedException {
        parse(parser, file);
        List<Double> seconds = new ArrayList<>();
        CoverageSummary summary = null;
        for (int run = 0; run < RUNS; run++) {
            System.gc();
            long start = System.nanoTime();
            summary = parse(parser, file);
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peak = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                LockSupport.parkNanos(1_000_000);
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        parse(parser, file);
        double sampled = (System.nanoTime() - start) / 1e9;
        sampling.set(false);
        sampler.join();
        return new Result(summary, new Spread(seconds), sampled, peak.get() / 1048576.0);
    }

    private static CoverageSummary parse(CoverageParser parser, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            CoverageReport report = parser.parse(in, new ReportSource(file.toString(), "/monorepo"));
            return report.summary();
        }
    }

    /** Seconds pycobertura takes to load the report and total its statements and misses. */
    static double pycobertura(Path report, Path work, long expectedLines) throws IOException, InterruptedException {
        Path venv = work.resolve("pycobertura-venv");
        if (!Files.exists(venv.resolve("bin/python"))) {
            run(List.of("python3", "-m", "venv", venv.toString()));
            run(List.of(venv.resolve("bin/python").toString(), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", PYCOBERTURA));
        }
        String script = "import sys, time\n"
                + "from pycobertura import Cobertura\n"
                + "start = time.perf_counter()\n"
                + "c = Cobertura(sys.argv[1])\n"
                + "statements = c.total_statements()\n"
                + "misses = c.total_misses()\n"
                + "print(time.perf_counter() - start, statements)\n";
        String output = run(List.of(venv.resolve("bin/python").toString(), "-c", script, report.toString())).strip();
        String[] parts = output.substring(output.lastIndexOf('\n') + 1).split(" ");
        if (Long.parseLong(parts[1]) != expectedLines) {
            throw new IllegalStateException("pycobertura counted " + parts[1] + " statements, expected " + expectedLines);
        }
        return Double.parseDouble(parts[0]);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.HOURS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    private static void check(CoverageSummary summary, long lines, String what) {
        if (summary.linesTotal() != lines) {
            throw new IllegalStateException(what + ": parsed " + summary.linesTotal() + " lines, generated " + lines);
        }
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static void print(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            System.out.println(line.toString().stripTrailing());
        }
    }
}

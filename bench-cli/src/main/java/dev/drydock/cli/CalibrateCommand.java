package dev.drydock.cli;

import dev.drydock.core.CalibrationLock;
import dev.drydock.core.Drydock;
import dev.drydock.core.SuiteRunner.Calibration;
import dev.drydock.core.config.Suite;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drydock calibrate <config>}: runs each labelled repository's own recipe and records the
 * reference numbers test-running runs are scored against, in {@code <config>.lock.json}.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Measures each repository's reference run (its own setup and coverage command) and writes"
                + " the numbers to the lock file next to the configuration.")
final class CalibrateCommand implements Callable<Integer> {
    private static final int OUTPUT_TAIL_LINES = 30;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "the benchmark configuration (YAML)")
    Path config;

    @Option(names = "--repository", paramLabel = "NAME", description = "calibrate only this repository")
    Optional<String> repository = Optional.empty();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Drydock drydock = Drydock.create();
        Suite suite = drydock.load(config);
        long started = System.nanoTime();
        List<Calibration> calibrations = drydock.calibrate(suite, repository, step -> {
            err.printf(Locale.ROOT, "[%6.1fs] calibrating %s%n", (System.nanoTime() - started) / 1e9, step);
            err.flush();
        });
        out.printf("%-24s %-12s %-16s %-18s %s%n", "repository", "commit", "tests passed/ran", "line coverage", "time");
        for (Calibration calibration : calibrations) {
            if (calibration.entry().isPresent()) {
                CalibrationLock.Entry entry = calibration.entry().get();
                out.printf(Locale.ROOT, "%-24s %-12s %-16s %-18s %.1fs%n", calibration.repository(),
                        entry.commit().substring(0, Math.min(12, entry.commit().length())),
                        entry.tests().passed() + "/" + (entry.tests().total() - entry.tests().skipped()),
                        String.format(Locale.ROOT, "%.1f%% (%d/%d)", entry.coverage().linePercent(),
                                entry.coverage().linesCovered(), entry.coverage().linesTotal()),
                        entry.durationMillis() / 1000.0);
            } else if (calibration.skipped().isPresent()) {
                out.printf("%-24s %s%n", calibration.repository(), calibration.skipped().get());
            } else {
                calibration.error().ifPresent(error -> {
                    out.printf("%-24s failed: %s %s%n", calibration.repository(), error.code(), error.message());
                    // the failing command's last lines: what a person needs to fix the recipe
                    error.detail().lines().skip(Math.max(0, error.detail().lines().count() - OUTPUT_TAIL_LINES))
                            .forEach(line -> out.println("    | " + line));
                });
            }
        }
        if (calibrations.isEmpty()) {
            out.println("no repository has a ground-truth label (has-tests) to calibrate");
        }
        if (calibrations.stream().anyMatch(c -> c.entry().isPresent())) {
            out.println("written to " + CalibrationLock.fileFor(config));
        } else {
            out.println("nothing measured, no lock file written");
        }
        out.flush();
        return calibrations.stream().anyMatch(c -> c.error().isPresent()) ? DrydockCommand.INFRASTRUCTURE_FAILURES : 0;
    }
}

package dev.drydock.cli;

import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.core.Drydock;
import dev.drydock.core.RunListener;
import dev.drydock.core.RunPlan;
import dev.drydock.core.RunSelection;
import dev.drydock.core.SuiteRunner;
import dev.drydock.core.SummaryTable;
import dev.drydock.core.config.Suite;
import dev.drydock.store.json.RunResultJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drydock run <config>}: executes the runs, prints progress and the summary table. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Runs a benchmark configuration.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "the benchmark configuration (YAML)")
    Path config;

    @Option(names = "--agent", paramLabel = "NAME", description = "run only this agent")
    Optional<String> agent = Optional.empty();

    @Option(names = "--repository", paramLabel = "NAME", description = "run only this repository")
    Optional<String> repository = Optional.empty();

    @Option(names = "--resume", description = "skip runs the store already has a result for (same suite, agent,"
            + " repository commit, target and repetition); infrastructure failures and interrupted runs run again")
    boolean resume;

    @Option(names = "--results-json", paramLabel = "FILE",
            description = "also write this invocation's results to FILE as a JSON array")
    Optional<Path> resultsJson = Optional.empty();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Drydock drydock = Drydock.create();
        Suite suite = drydock.load(config);
        List<RunResult> results;
        try {
            results = drydock.run(suite, new RunSelection(agent, repository, resume), new ProgressPrinter(err));
        } catch (SuiteRunner.SuiteStoreException e) {
            finish(e.results(), out);
            throw e;
        }
        finish(results, out);
        boolean infrastructureFailed = results.stream().anyMatch(r -> r.status() == RunStatus.INFRASTRUCTURE_FAILED
                || r.status() == RunStatus.INTERRUPTED);
        return infrastructureFailed ? DrydockCommand.INFRASTRUCTURE_FAILURES : 0;
    }

    private void finish(List<RunResult> results, PrintWriter out) {
        out.println();
        out.print(SummaryTable.render(results));
        out.flush();
        resultsJson.ifPresent(file -> writeAtomically(file, RunResultJson.toJsonArray(results)));
    }

    private static void writeAtomically(Path file, String text) {
        try {
            Path absolute = file.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** One line per run start, step and end, on standard error. */
    private static final class ProgressPrinter implements RunListener {
        private final PrintWriter err;

        ProgressPrinter(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void runStarted(RunPlan plan, int index, int total) {
            err.printf("[%d/%d] %s (run %s)%n", index, total, plan.label(), plan.runId());
            err.flush();
        }

        @Override
        public void step(RunPlan plan, String step) {
            err.printf("        %s%n", step);
            err.flush();
        }

        @Override
        public void runFinished(RunResult result, int index, int total) {
            err.printf(Locale.ROOT, "[%d/%d] %s in %.1fs%s%n", index, total, result.status().name().toLowerCase(Locale.ROOT),
                    result.duration().toMillis() / 1000.0,
                    result.error().map(e -> ": " + e.code() + " " + e.message()).orElse(""));
            err.flush();
        }

        @Override
        public void runSkipped(RunPlan plan, RunResult stored, int index, int total) {
            err.printf("[%d/%d] %s: already in the store (run %s, %s), skipped%n", index, total, plan.label(), stored.runId(),
                    stored.status().name().toLowerCase(Locale.ROOT));
            err.flush();
        }

        @Override
        public void interruptedRunRecorded(RunResult result) {
            err.printf("drydock: run %s (%s on %s) was interrupted by an earlier drydock; recorded as interrupted%n",
                    result.runId(), result.agent().name(), result.repository().name());
            err.flush();
        }

        @Override
        public void storeFailed(RunResult result, RuntimeException error) {
            err.println("drydock: could not store result " + result.runId() + ": " + error.getMessage());
            err.flush();
        }
    }
}

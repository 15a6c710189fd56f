package dev.drydock.core;

import dev.drydock.api.CommandRecord;
import dev.drydock.api.CoverageReport;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.ReportFormatException;
import dev.drydock.api.RunStatus;
import dev.drydock.api.TestReport;
import dev.drydock.core.config.RepositoryDefinition;
import dev.drydock.core.policing.Measurement;
import dev.drydock.core.registry.ReportParsers;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ExecResult;
import dev.drydock.spi.LlmSession;
import dev.drydock.spi.ReportSource;
import dev.drydock.spi.TestReportParser;
import dev.drydock.spi.Workspace;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What both benchmarks do in a workspace: prepare it, run drydock's own commands, run the
 * repository's reference recipe (its coverage command) and parse reports with drydock's parsers,
 * and keep command output as redacted evidence.
 */
final class WorkspaceSteps {
    /** How much of a command's output a result keeps (each stream), after redaction. */
    static final int STORED_OUTPUT = 16 * 1024;
    static final Duration SMALL_COMMAND = Duration.ofMinutes(5);
    /** Bytes of a report its format is detected from. */
    private static final int HEAD = 4096;

    private final RunServices services;

    WorkspaceSteps(RunServices services) {
        this.services = services;
    }

    /** Keeps drydock's own files and the platform's build artefacts out of {@code git diff}. */
    void excludeFromDiff(Workspace workspace, List<String> ignore) {
        Set<String> patterns = new LinkedHashSet<>();
        patterns.add(".drydock/");
        patterns.addAll(ignore);
        String lines = patterns.stream().collect(Collectors.joining("\n", "\n# drydock\n", "\n"));
        // one command: each workspace operation is a process in a sandbox or a container
        command(workspace, "mkdir -p .git/info && printf '%s' " + quote(lines) + " >> .git/info/exclude", "git exclude");
    }

    /**
     * Runs a setup script of the repository ({@link ExecPhase#SETUP}) or of the agent ({@link
     * ExecPhase#AGENT}); its failure is an infrastructure failure.
     */
    void runSetup(Workspace workspace, String script, Duration timeout, String what, Map<String, String> env, ExecPhase phase) {
        runSetup(workspace, script, timeout, what, env, phase, null);
    }

    /** As above; with {@code writable}, the rest of the checkout is read-only to the script. */
    void runSetup(Workspace workspace, String script, Duration timeout, String what, Map<String, String> env, ExecPhase phase,
            @Nullable List<String> writable) {
        if (script.isBlank()) {
            return;
        }
        ExecRequest request = new ExecRequest(script, "", env, timeout, ExecRequest.DEFAULT_OUTPUT_LIMIT, phase);
        ExecResult result = workspace.exec(writable == null ? request : request.withWriteAccess(List.of("."), writable));
        if (result.timedOut()) {
            throw RunFailure.infrastructure(ErrorCode.TIMEOUT, what + " ran past its time limit of " + timeout, tail(result));
        }
        if (!result.succeeded()) {
            throw RunFailure.infrastructure(ErrorCode.SETUP_FAILED,
                    what + " failed with exit code " + result.exitCode().map(String::valueOf).orElse("unknown"), tail(result));
        }
    }

    /**
     * The repository's setup recipe ({@link ExecPhase#SETUP}), or nothing when the workspace was made
     * from a snapshot taken after it; a successful setup is offered to the backend to snapshot.
     * Returns whether the setup was restored.
     */
    boolean repositorySetup(Workspace workspace, RepositoryDefinition repository) {
        if (workspace.setupRestored()) {
            return true;
        }
        if (repository.setup().isBlank()) {
            return false;
        }
        runSetup(workspace, repository.setup(), repository.setupTimeout(), "repository setup", Map.of(), ExecPhase.SETUP);
        workspace.saveSetup();
        return false;
    }

    /** Starts the agent's compose services for this workspace; the variables that say where they are. */
    Map<String, String> agentServices(Workspace workspace, RunPlan plan) {
        if (plan.agent().compose().isEmpty()) {
            return Map.of();
        }
        try {
            return workspace.startServices(services.baseDirectory().resolve(plan.agent().compose().get()));
        } catch (DrydockException e) {
            throw RunFailure.infrastructure(e.code(), "the agent's compose services: " + e.getMessage(), "");
        }
    }

    /**
     * Checks that a new workspace holds exactly the pinned commit, before anything runs in it: the
     * checkout is at {@code commit} and no tracked file differs from it.
     */
    void verifyCheckout(Workspace workspace, String commit) {
        String state = command(workspace, "git rev-parse HEAD && git status --porcelain --untracked-files=no", "checkout check");
        String head = state.lines().findFirst().orElse("").strip();
        if (!head.equals(commit) || state.lines().count() > 1) {
            throw RunFailure.infrastructure(ErrorCode.REPOSITORY, "the new workspace does not hold commit " + commit
                    + " as pinned (HEAD " + head + ")", redact(state));
        }
    }

    /** Runs a command of drydock's own; its failure is an infrastructure failure. */
    String command(Workspace workspace, String command, String what) {
        ExecResult result = workspace.exec(ExecRequest.of(command, SMALL_COMMAND).withOutputLimit(64 << 20));
        if (!result.succeeded() || result.droppedBytes() > 0) {
            throw RunFailure.infrastructure(ErrorCode.WORKSPACE, what + " failed", tail(result));
        }
        return result.stdout();
    }

    /**
     * Runs the repository's coverage command (its reference recipe) and parses its reports. A sealed
     * recipe runs in two steps: the tests, with the checkout read-only but for the runner's output
     * folders; then, once every process of the tests has ended, drydock's report command in a new
     * process that nothing of the tests ran in, turning the raw data into the report read here.
     */
    Measurement measure(Workspace workspace, RepositoryDefinition repository, Map<String, String> env) {
        return measure(workspace, repository, env, List.of());
    }

    /** As above; the sealed test process may also write {@code testFolders} (where the agent's tests are). */
    Measurement measure(Workspace workspace, RepositoryDefinition repository, Map<String, String> env, List<String> testFolders) {
        String coverageReport = quote(repository.coverageReport());
        String testReport = repository.testReport().map(WorkspaceSteps::quote).orElse("");
        boolean sealed = repository.sealedMeasurement();
        // stale reports go first, in the same command: a report read afterwards is this run's
        ExecRequest testRun = ExecRequest.of("rm -f -- " + (sealed ? testReport : coverageReport + " " + testReport) + "\n"
                + repository.coverageCommand(), repository.coverageTimeout()).withEnv(env);
        List<String> writable = new java.util.ArrayList<>(repository.testWritable());
        writable.addAll(testFolders);
        ExecResult run = workspace.exec(sealed
                ? testRun.withWriteAccess(List.of("."), writable, repository.testCreatable()) : testRun);
        if (run.timedOut()) {
            throw new RunFailure(RunStatus.INFRASTRUCTURE_FAILED, ErrorCode.TIMEOUT,
                    "the coverage command ran past its time limit of " + repository.coverageTimeout(), tail(run));
        }
        ExecResult report = run;
        if (sealed) {
            report = workspace.exec(ExecRequest.of("rm -f -- " + coverageReport + "\n" + repository.coverageReportCommand(),
                    repository.coverageTimeout()));
        }
        try {
            CoverageReport coverage;
            try {
                coverage = parseCoverage(workspace, repository.coverageReport(), repository.coverageFormat());
            } catch (DrydockException unreadable) {
                if (unreadable.code() != ErrorCode.WORKSPACE || workspace.exists(repository.coverageReport())) {
                    throw unreadable;
                }
                throw new RunFailure(RunStatus.INFRASTRUCTURE_FAILED, ErrorCode.TEST_EXECUTION,
                        "the coverage command exited with " + run.exitCode().map(String::valueOf).orElse("an unknown code")
                                + (sealed ? ", the report command with " + report.exitCode().map(String::valueOf).orElse("an unknown code")
                                        : "")
                                + ", and no report was written at " + repository.coverageReport(),
                        sealed ? tail(run) + "\nreport command:\n" + tail(report) : tail(run));
            }
            Optional<TestReport> tests = Optional.empty();
            if (repository.testReport().isPresent()) {
                try {
                    tests = Optional.of(parseTests(workspace, repository.testReport().get(), repository.testReportFormat()));
                } catch (DrydockException unreadable) {
                    if (unreadable.code() != ErrorCode.WORKSPACE || workspace.exists(repository.testReport().get())) {
                        throw unreadable;
                    }
                }
            }
            if (tests.isEmpty()) {
                tests = consoleSummary(run);
            }
            return new Measurement(coverage, tests, run.duration());
        } catch (ReportFormatException e) {
            throw new RunFailure(RunStatus.INFRASTRUCTURE_FAILED, ErrorCode.REPORT_FORMAT, e.getMessage(), "");
        }
    }

    /** Parses a coverage report in the workspace; the format is detected from its content when absent. */
    CoverageReport parseCoverage(Workspace workspace, String path, Optional<String> format) {
        try (InputStream in = new BufferedInputStream(workspace.openFile(path), HEAD)) {
            CoverageParser parser = services.parsers().coverageParser(format, path, head(in));
            return parser.parse(in, new ReportSource(path, workspace.projectRoot()));
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot read " + path + ": " + e, e);
        }
    }

    /** Parses a test report (JUnit XML) in the workspace. */
    TestReport parseTests(Workspace workspace, String path, Optional<String> format) {
        try (InputStream in = new BufferedInputStream(workspace.openFile(path), HEAD)) {
            TestReportParser parser = services.parsers().testParser(format, path, head(in));
            return parser.parse(in, new ReportSource(path, workspace.projectRoot()));
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot read " + path + ": " + e, e);
        }
    }

    /** Without a test report, the counts from the test runner's summary line in the command's output, if any. */
    Optional<TestReport> consoleSummary(ExecResult run) {
        Optional<TestReportParser> parser = services.parsers().testParserNamed(ReportParsers.CONSOLE_SUMMARY);
        if (parser.isEmpty()) {
            return Optional.empty();
        }
        byte[] output = (run.stdout() + "\n" + run.stderr()).getBytes(StandardCharsets.UTF_8);
        try {
            return Optional.of(parser.get().parse(new ByteArrayInputStream(output), new ReportSource("command output", "")));
        } catch (ReportFormatException noSummary) {
            return Optional.empty();
        }
    }

    /** A command as stored with a result: redacted, the end of each stream kept. */
    CommandRecord record(ExecResult result) {
        String stdout = redact(result.stdout());
        String stderr = redact(result.stderr());
        long trimmed = Math.max(0, stdout.length() - STORED_OUTPUT) + Math.max(0, stderr.length() - STORED_OUTPUT);
        return new CommandRecord(result.exitCode(), result.timedOut(), result.duration(),
                lastChars(stdout, STORED_OUTPUT), lastChars(stderr, STORED_OUTPUT), result.droppedBytes() + trimmed);
    }

    /** The end of a command's output, redacted, as evidence for an error. */
    String tail(ExecResult result) {
        String both = (result.stdout().isEmpty() ? "" : "stdout:\n" + lastChars(result.stdout(), 4096))
                + (result.stderr().isEmpty() ? "" : (result.stdout().isEmpty() ? "" : "\n") + "stderr:\n"
                        + lastChars(result.stderr(), 4096));
        return redact(both);
    }

    /**
     * The per-run LLM endpoints and key under every name agents look for (OpenAI and Anthropic
     * styles), as the workspace reaches them.
     */
    static void putLlmEnvironment(LlmSession llm, Workspace workspace, Map<String, String> env) {
        llm.endpoints().ifPresent(endpoints -> {
            String openAi = workspace.reach(endpoints.openAiBaseUrl()).toString();
            String key = endpoints.apiKey().reveal();
            env.put("OPENAI_API_BASE", openAi);
            env.put("OPENAI_BASE_URL", openAi);
            env.put("OPENAI_API_KEY", key);
            env.put("ANTHROPIC_BASE_URL", workspace.reach(endpoints.anthropicBaseUrl()).toString());
            env.put("ANTHROPIC_API_KEY", key);
            env.put("ANTHROPIC_AUTH_TOKEN", key);
        });
    }

    String redact(String text) {
        return services.redactor().redact(text);
    }

    static String lastChars(String text, int max) {
        return text.length() <= max ? text : "[...]" + text.substring(text.length() - max);
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return lastChars(out.toString(), 4096);
    }

    /** The first bytes of a report, for format detection; the stream is left where it was. */
    private static byte[] head(InputStream in) throws IOException {
        in.mark(HEAD);
        byte[] head = in.readNBytes(HEAD);
        in.reset();
        return head;
    }
}

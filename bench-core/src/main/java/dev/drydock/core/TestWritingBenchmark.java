package dev.drydock.core;

import dev.drydock.api.AgentInfo;
import dev.drydock.api.CommandRecord;
import dev.drydock.api.CoverageDelta;
import dev.drydock.api.CoverageReport;
import dev.drydock.api.CoverageSummary;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.FileCoverage;
import dev.drydock.api.Modifications;
import dev.drydock.api.RepositoryInfo;
import dev.drydock.api.ReportFormatException;
import dev.drydock.api.RunError;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.TestCase;
import dev.drydock.api.TestReport;
import dev.drydock.api.TestSummary;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.api.Usage;
import dev.drydock.core.config.RepositoryDefinition;
import dev.drydock.core.registry.ReportParsers;
import dev.drydock.core.repository.ResolvedRepository;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ExecResult;
import dev.drydock.spi.LlmSession;
import dev.drydock.spi.ReportSource;
import dev.drydock.spi.TestReportParser;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceSpec;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The test-writing benchmark, seed steps 1–7: LLM session, repository at a pinned commit, workspace
 * with setup, baseline coverage, the agent, coverage again, {@code git diff} against the baseline,
 * usage. This version measures in the agent's own workspace.
 *
 * <p>Failures are sorted honestly: anything before the agent starts (repository, workspace, setup,
 * baseline) is an infrastructure failure; the agent exiting non-zero, timing out or leaving the
 * project without a coverage report is the agent's.
 */
final class TestWritingBenchmark {
    /** How much of a command's output a result keeps (each stream), after redaction. */
    static final int STORED_OUTPUT = 16 * 1024;
    private static final Duration SMALL_COMMAND = Duration.ofMinutes(5);
    /** Bytes of a report its format is detected from. */
    private static final int HEAD = 4096;

    private final RunServices services;
    private final RunListener listener;

    TestWritingBenchmark(RunServices services, RunListener listener) {
        this.services = services;
        this.listener = listener;
    }

    RunResult run(RunPlan plan) {
        Instant started = services.clock().instant();
        State state = new State();
        try (LlmSession llm = services.llm().openSession(plan.runId())) {
            llm.endpoints().ifPresent(endpoints -> services.redactor().register(endpoints.apiKey()));
            try {
                execute(plan, llm, state);
            } finally {
                state.usage = llm.usage();
            }
        } catch (RunFailure failure) {
            state.fail(failure.status, failure.error);
        } catch (DrydockException e) {
            state.fail(RunStatus.INFRASTRUCTURE_FAILED, new RunError(e.code(), redact(e.getMessage()), ""));
        } catch (RuntimeException e) {
            state.fail(RunStatus.INFRASTRUCTURE_FAILED,
                    new RunError(ErrorCode.INTERNAL, redact("drydock failed: " + e), redact(stackTrace(e))));
        }
        return result(plan, started, state);
    }

    private void execute(RunPlan plan, LlmSession llm, State state) {
        RepositoryDefinition repository = plan.repository();
        listener.step(plan, "repository");
        ResolvedRepository resolved = services.repositories().apply(plan.repositoryName());
        state.repository = new RepositoryInfo(plan.repositoryName(), repository.url(), resolved.commit(), repository.platform());

        listener.step(plan, "workspace");
        Map<String, String> env = new TreeMap<>(repository.env());
        env.put("REPOSITORY_URL", repository.url());
        env.put("TEST_COMMAND", repository.testCommand());
        env.put("COVERAGE_REPORT_PATH", repository.coverageReport());
        env.put("DRYDOCK_RUN_ID", plan.runId());
        try (Workspace workspace = services.workspaces().provision(
                new WorkspaceSpec(plan.runId(), resolved.cloneSource(), resolved.commit(), env))) {
            excludeFromDiff(workspace, repository.ignore());
            listener.step(plan, "setup");
            runSetup(workspace, repository.setup(), repository.setupTimeout(), "repository setup");

            listener.step(plan, "baseline");
            Measurement baseline;
            try {
                baseline = measure(workspace, repository);
            } catch (RunFailure failure) {
                throw RunFailure.infrastructure(failure.error.code(), "baseline: " + failure.error.message(),
                        failure.error.detail());
            }
            state.baseline = baseline;

            Map<String, String> agentEnv = agentEnvironment(plan, workspace, llm);
            if (!plan.agent().setup().isBlank()) {
                listener.step(plan, "agent setup");
                runSetup(workspace, plan.agent().setup(), plan.agent().setupTimeout(), "agent setup", agentEnv);
            }

            listener.step(plan, "agent");
            ExecResult agent = workspace.exec(new ExecRequest(
                    plan.agent().command(), "", agentEnv, plan.agent().timeout(), plan.agent().outputLimit()));
            state.agent = record(agent);

            listener.step(plan, "measure");
            try {
                state.after = measure(workspace, repository);
            } catch (RunFailure failure) {
                state.afterFailure = failure.error;
            }

            listener.step(plan, "diff");
            ExecResult diff = workspace.exec(ExecRequest.of(GitDiff.command(resolved.commit()), SMALL_COMMAND)
                    .withOutputLimit(64 << 20));
            if (!diff.succeeded() || diff.droppedBytes() > 0) {
                throw RunFailure.infrastructure(ErrorCode.WORKSPACE, "git diff failed", tail(diff));
            }
            state.modifications = GitDiff.parse(diff.stdout());

            if (agent.timedOut()) {
                throw new RunFailure(RunStatus.AGENT_TIMED_OUT, ErrorCode.TIMEOUT,
                        "the agent ran past its time limit of " + plan.agent().timeout() + " and was killed", tail(agent));
            }
            if (!agent.succeeded()) {
                throw new RunFailure(RunStatus.AGENT_FAILED, ErrorCode.AGENT_FAILED,
                        "the agent exited with " + agent.exitCode().map(String::valueOf).orElse("an unknown code"),
                        tail(agent));
            }
            if (state.afterFailure != null) {
                throw new RunFailure(RunStatus.AGENT_FAILED, state.afterFailure.code(),
                        "after the agent: " + state.afterFailure.message(), state.afterFailure.detail());
            }
        }
    }

    /** Keeps drydock's own files and the platform's build artefacts out of {@code git diff}. */
    private static void excludeFromDiff(Workspace workspace, List<String> ignore) {
        Set<String> patterns = new LinkedHashSet<>();
        patterns.add(".drydock/");
        patterns.addAll(ignore);
        String existing = workspace.exists(".git/info/exclude")
                ? new String(workspace.readFile(".git/info/exclude"), StandardCharsets.UTF_8)
                : "";
        String lines = patterns.stream().collect(Collectors.joining("\n", "\n# drydock\n", "\n"));
        workspace.writeFile(".git/info/exclude", (existing + lines).getBytes(StandardCharsets.UTF_8));
    }

    private void runSetup(Workspace workspace, String script, Duration timeout, String what) {
        runSetup(workspace, script, timeout, what, Map.of());
    }

    private void runSetup(Workspace workspace, String script, Duration timeout, String what, Map<String, String> env) {
        if (script.isBlank()) {
            return;
        }
        ExecResult result = workspace.exec(new ExecRequest(script, "", env, timeout, ExecRequest.DEFAULT_OUTPUT_LIMIT));
        if (result.timedOut()) {
            throw RunFailure.infrastructure(ErrorCode.TIMEOUT, what + " ran past its time limit of " + timeout, tail(result));
        }
        if (!result.succeeded()) {
            throw RunFailure.infrastructure(ErrorCode.SETUP_FAILED,
                    what + " failed with exit code " + result.exitCode().map(String::valueOf).orElse("unknown"), tail(result));
        }
    }

    /** Runs the coverage command and parses its reports. */
    private Measurement measure(Workspace workspace, RepositoryDefinition repository) {
        String reports = quote(repository.coverageReport()) + repository.testReport().map(r -> " " + quote(r)).orElse("");
        workspace.exec(ExecRequest.of("rm -f -- " + reports, SMALL_COMMAND));
        ExecResult run = workspace.exec(ExecRequest.of(repository.coverageCommand(), repository.coverageTimeout()));
        if (run.timedOut()) {
            throw new RunFailure(RunStatus.INFRASTRUCTURE_FAILED, ErrorCode.TIMEOUT,
                    "the coverage command ran past its time limit of " + repository.coverageTimeout(), tail(run));
        }
        if (!workspace.exists(repository.coverageReport())) {
            throw new RunFailure(RunStatus.INFRASTRUCTURE_FAILED, ErrorCode.TEST_EXECUTION,
                    "the coverage command exited with " + run.exitCode().map(String::valueOf).orElse("an unknown code")
                            + " and wrote no report at " + repository.coverageReport(),
                    tail(run));
        }
        CoverageReport coverage = parseCoverage(workspace, repository);
        Optional<TestReport> tests = Optional.empty();
        try {
            if (repository.testReport().isPresent() && workspace.exists(repository.testReport().get())) {
                String path = repository.testReport().get();
                try (InputStream in = new BufferedInputStream(workspace.openFile(path), HEAD)) {
                    TestReportParser parser = services.parsers().testParser(repository.testReportFormat(), path, head(in));
                    tests = Optional.of(parser.parse(in, new ReportSource(path, workspace.projectRoot())));
                }
            } else {
                tests = consoleSummary(run);
            }
        } catch (ReportFormatException e) {
            throw new RunFailure(RunStatus.INFRASTRUCTURE_FAILED, ErrorCode.REPORT_FORMAT, e.getMessage(), "");
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot read " + repository.testReport().orElse("") + ": " + e, e);
        }
        return new Measurement(coverage, tests, run);
    }

    /** Without a JUnit report, the counts from the test runner's summary line in the command's output, if any. */
    private Optional<TestReport> consoleSummary(ExecResult run) {
        Optional<TestReportParser> parser = services.parsers().testParserNamed(ReportParsers.CONSOLE_SUMMARY);
        if (parser.isEmpty()) {
            return Optional.empty();
        }
        byte[] output = (run.stdout() + "\n" + run.stderr()).getBytes(StandardCharsets.UTF_8);
        try {
            return Optional.of(parser.get().parse(new ByteArrayInputStream(output), new ReportSource("coverage command output", "")));
        } catch (ReportFormatException noSummary) {
            return Optional.empty();
        }
    }

    private CoverageReport parseCoverage(Workspace workspace, RepositoryDefinition repository) {
        String path = repository.coverageReport();
        try (InputStream in = new BufferedInputStream(workspace.openFile(path), HEAD)) {
            CoverageParser parser = services.parsers().coverageParser(repository.coverageFormat(), path, head(in));
            return parser.parse(in, new ReportSource(path, workspace.projectRoot()));
        } catch (ReportFormatException e) {
            throw new RunFailure(RunStatus.INFRASTRUCTURE_FAILED, ErrorCode.REPORT_FORMAT, e.getMessage(), "");
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot read " + path + ": " + e, e);
        }
    }

    private Map<String, String> agentEnvironment(RunPlan plan, Workspace workspace, LlmSession llm) {
        Map<String, String> env = new LinkedHashMap<>();
        String file = plan.target().map(t -> t.file()).orElse("");
        String testFile = plan.target().map(t -> t.testFile()).orElse("");
        env.put("PROJECT_ROOT", workspace.projectRoot());
        env.put("FILE_PATH", file);
        env.put("TEST_FILE_PATH", testFile);
        env.put("PROMPT", plan.prompt()
                .replace("{file}", file.isEmpty() ? "the project" : file)
                .replace("{test_file}", testFile.isEmpty() ? "the project's test folder" : testFile)
                .replace("{test_command}", plan.repository().testCommand())
                .replace("{repository}", plan.repositoryName()));
        llm.endpoints().ifPresent(endpoints -> {
            String openAi = endpoints.openAiBaseUrl().toString();
            String key = endpoints.apiKey().reveal();
            env.put("OPENAI_API_BASE", openAi);
            env.put("OPENAI_BASE_URL", openAi);
            env.put("OPENAI_API_KEY", key);
            env.put("ANTHROPIC_BASE_URL", endpoints.anthropicBaseUrl().toString());
            env.put("ANTHROPIC_API_KEY", key);
            env.put("ANTHROPIC_AUTH_TOKEN", key);
        });
        env.putAll(plan.agent().env());
        return env;
    }

    private RunResult result(RunPlan plan, Instant started, State state) {
        Optional<TestWritingOutcome> outcome = Optional.ofNullable(state.baseline).map(baseline -> outcome(plan, baseline, state));
        RepositoryInfo repository = state.repository != null
                ? state.repository
                : new RepositoryInfo(plan.repositoryName(), plan.repository().url(),
                        plan.repository().commit().orElse("unresolved"), plan.repository().platform());
        return new RunResult(
                RunResult.SCHEMA_VERSION,
                plan.runId(),
                plan.suite(),
                plan.benchmark().id(),
                new AgentInfo(plan.agentName(), plan.agent().version()),
                repository,
                plan.target().map(t -> t.file()),
                plan.repetition(),
                started,
                services.clock().instant(),
                state.status,
                Optional.ofNullable(state.error),
                Optional.ofNullable(state.agent),
                outcome,
                state.usage,
                new TreeMap<>(services.environment()));
    }

    private static TestWritingOutcome outcome(RunPlan plan, Measurement baseline, State state) {
        Optional<String> target = plan.target().map(t -> t.file());
        Optional<Measurement> after = Optional.ofNullable(state.after);
        Set<String> testsBefore = testIds(Optional.of(baseline));
        Set<String> testsAfter = testIds(after);
        boolean precise = baseline.tests().map(TestReport::precise).orElse(false)
                && after.flatMap(Measurement::tests).map(TestReport::precise).orElse(false);
        return new TestWritingOutcome(
                baseline.coverage().summary(),
                after.map(m -> m.coverage().summary()),
                target.map(file -> fileSummary(baseline.coverage(), file)),
                after.flatMap(m -> target.map(file -> fileSummary(m.coverage(), file))),
                after.map(m -> CoverageDelta.between(baseline.coverage(), m.coverage())),
                after.flatMap(m -> target.map(file -> CoverageDelta.forFile(baseline.coverage(), m.coverage(), file))),
                baseline.tests().map(TestReport::summary).orElse(TestSummary.EMPTY),
                after.flatMap(Measurement::tests).map(TestReport::summary),
                precise,
                precise ? testsAfter.stream().filter(id -> !testsBefore.contains(id)).sorted().toList() : List.of(),
                precise ? testsBefore.stream().filter(id -> !testsAfter.contains(id)).sorted().toList() : List.of(),
                state.modifications);
    }

    /** A target the report does not list has nothing covered: zero of zero, not a missing value. */
    private static CoverageSummary fileSummary(CoverageReport report, String file) {
        return report.file(file).map(FileCoverage::summary).orElse(CoverageSummary.EMPTY);
    }

    private static Set<String> testIds(Optional<Measurement> measurement) {
        return measurement.flatMap(Measurement::tests)
                .map(report -> report.tests().stream().map(TestCase::id).collect(Collectors.toCollection(LinkedHashSet::new)))
                .orElseGet(LinkedHashSet::new);
    }

    private CommandRecord record(ExecResult result) {
        String stdout = redact(result.stdout());
        String stderr = redact(result.stderr());
        long trimmed = Math.max(0, stdout.length() - STORED_OUTPUT) + Math.max(0, stderr.length() - STORED_OUTPUT);
        return new CommandRecord(result.exitCode(), result.timedOut(), result.duration(),
                lastChars(stdout, STORED_OUTPUT), lastChars(stderr, STORED_OUTPUT), result.droppedBytes() + trimmed);
    }

    /** The end of a command's output, redacted, as evidence for an error. */
    private String tail(ExecResult result) {
        String both = (result.stdout().isEmpty() ? "" : "stdout:\n" + lastChars(result.stdout(), 4096))
                + (result.stderr().isEmpty() ? "" : (result.stdout().isEmpty() ? "" : "\n") + "stderr:\n"
                        + lastChars(result.stderr(), 4096));
        return redact(both);
    }

    private String redact(String text) {
        return services.redactor().redact(text);
    }

    private static String lastChars(String text, int max) {
        return text.length() <= max ? text : "[...]" + text.substring(text.length() - max);
    }

    /** The first bytes of a report, for format detection; the stream is left where it was. */
    private static byte[] head(InputStream in) throws IOException {
        in.mark(HEAD);
        byte[] head = in.readNBytes(HEAD);
        in.reset();
        return head;
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return lastChars(out.toString(), 4096);
    }

    /** What a run has gathered so far; whatever is there when it ends goes into the result. */
    private static final class State {
        RunStatus status = RunStatus.COMPLETED;
        @Nullable RunError error;
        @Nullable RepositoryInfo repository;
        @Nullable Measurement baseline;
        @Nullable Measurement after;
        @Nullable RunError afterFailure;
        @Nullable CommandRecord agent;
        Modifications modifications = Modifications.NONE;
        Usage usage = Usage.ZERO;

        void fail(RunStatus status, RunError error) {
            this.status = status;
            this.error = error;
        }
    }
}

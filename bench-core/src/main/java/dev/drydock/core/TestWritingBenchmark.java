package dev.drydock.core;

import dev.drydock.api.AgentInfo;
import dev.drydock.api.CommandRecord;
import dev.drydock.api.CoverageDelta;
import dev.drydock.api.CoverageReport;
import dev.drydock.api.CoverageSummary;
import dev.drydock.api.Efficiency;
import dev.drydock.api.FileChange;
import dev.drydock.api.Isolation;
import dev.drydock.api.FileCoverage;
import dev.drydock.api.Modifications;
import dev.drydock.api.RepositoryInfo;
import dev.drydock.api.ReportFormatException;
import dev.drydock.api.RunError;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.TestCase;
import dev.drydock.api.TestReport;
import dev.drydock.api.TestAccounting;
import dev.drydock.api.TestStatus;
import dev.drydock.api.TestSummary;
import dev.drydock.api.Violation;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.api.Usage;
import dev.drydock.core.config.RepositoryDefinition;
import dev.drydock.core.registry.ReportParsers;
import dev.drydock.core.repository.ResolvedRepository;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ExecResult;
import dev.drydock.spi.LlmSession;
import dev.drydock.spi.ReportSource;
import dev.drydock.spi.TestReportParser;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceSpec;
import java.io.BufferedInputStream;
import java.math.BigDecimal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The test-writing benchmark, seed steps 1–7, made hard to game: LLM session, repository at a pinned
 * commit, workspace with setup, baseline coverage, the agent, {@code git diff} against the baseline
 * with every changed file classified (test, source, config, lock file) and violations flagged; then
 * only the agent's test changes are applied to a fresh workspace at the baseline commit, whose suite
 * runs {@code testRuns} times; new tests failing in any run are left out of a final gain run.
 * Coverage gain counts newly covered lines and branches of the baseline only. Then usage and cost.
 *
 * <p>Failures are sorted honestly: anything before the agent starts (repository, workspace, setup,
 * baseline) is an infrastructure failure; the agent exiting non-zero, timing out or leaving the
 * project without a coverage report is the agent's.
 */
final class TestWritingBenchmark {
    private final RunServices services;
    private final WorkspaceSteps steps;
    private final RunListener listener;

    TestWritingBenchmark(RunServices services, RunListener listener) {
        this.services = services;
        this.steps = new WorkspaceSteps(services);
        this.listener = listener;
    }

    RunResult run(RunPlan plan) {
        Instant started = services.clock().instant();
        State state = new State();
        state.ended = steps.inLlmSession(plan.runId(), llm -> execute(plan, llm, state));
        return result(plan, started, state);
    }

    private void execute(RunPlan plan, LlmSession llm, State state) {
        RepositoryDefinition repository = plan.repository();
        listener.step(plan, "repository");
        ResolvedRepository resolved = services.repositories().apply(plan.repositoryName());
        state.repository = new RepositoryInfo(plan.repositoryName(), repository.url(), resolved.commit(), repository.platform());

        Map<String, String> env = new TreeMap<>(repository.env());
        env.put("REPOSITORY_URL", repository.url());
        env.put("TEST_COMMAND", repository.testCommand());
        env.put("COVERAGE_REPORT_PATH", repository.coverageReport());
        env.put("DRYDOCK_RUN_ID", plan.runId());
        ChangeClassifier classifier = ChangeClassifier.of(repository);
        ExecResult agent;
        String testPatch;

        listener.step(plan, "workspace");
        try (Workspace workspace = services.workspaces().provision(
                new WorkspaceSpec(plan.runId(), resolved.cloneSource(), resolved.commit(), env, repository.setup()))) {
            prepare(plan, workspace, repository, resolved.commit());
            listener.step(plan, "baseline");
            try {
                state.baseline = steps.measure(workspace, repository, Map.of());
            } catch (RunFailure failure) {
                throw RunFailure.infrastructure(failure.error.code(), "baseline: " + failure.error.message(),
                        failure.error.detail());
            }

            Map<String, String> agentEnv = agentEnvironment(plan, workspace, llm);
            agentEnv.putAll(steps.agentServices(workspace, plan));
            if (!plan.agent().setup().isBlank()) {
                listener.step(plan, "agent setup");
                steps.runSetup(workspace, plan.agent().setup(), plan.agent().setupTimeout(), "agent setup", agentEnv,
                        ExecPhase.AGENT);
            }
            listener.step(plan, "agent");
            state.isolation = workspace.isolation();
            agent = workspace.exec(new ExecRequest(plan.agent().command(), "", agentEnv, plan.agent().timeout(),
                    plan.agent().outputLimit(), ExecPhase.AGENT));
            state.agent = steps.record(agent);

            listener.step(plan, "diff");
            state.modifications = GitDiff.parse(steps.command(workspace, GitDiff.command(resolved.commit()), "git diff"), classifier);
            Map<String, String> hunks = DiffViolations.splitByFile(
                    steps.command(workspace, DiffViolations.command(resolved.commit()), "git diff"));
            List<String> inlineTestPatches = new ArrayList<>();
            if (repository.inlineTestMarker().isPresent()) {
                state.modifications = splitInlineTests(workspace, resolved.commit(), repository.inlineTestMarker().get(),
                        state.modifications, hunks, inlineTestPatches);
            }
            state.violations.addAll(DiffViolations.find(state.modifications, hunks));
            Map<String, String> testHunks = new java.util.LinkedHashMap<>();
            state.modifications.of(FileChange.Category.TEST).files()
                    .forEach(file -> testHunks.put(file.path(), hunks.getOrDefault(file.path(), "")));
            if (repository.testFunctionPattern().isPresent() && repository.assertionPattern().isPresent()) {
                Map<String, String> checked = new java.util.LinkedHashMap<>(testHunks);
                inlineTestPatches.forEach(patch -> checked.put("inline:" + checked.size(), patch));
                state.assertions = AssertionCheck.check(checked,
                        Pattern.compile(repository.testFunctionPattern().get(), Pattern.MULTILINE),
                        Pattern.compile(repository.assertionPattern().get()));
            }
            testPatch = (testHunks.isEmpty()
                            ? ""
                            : steps.command(workspace, GitDiff.GIT + "diff --cached --no-ext-diff --no-textconv --binary " + resolved.commit() + " -- "
                                    + testHunks.keySet().stream().map(WorkspaceSteps::quote)
                                            .collect(Collectors.joining(" ")),
                                    "git diff of the tests"))
                    + String.join("", inlineTestPatches);
        }

        if (testPatch.isEmpty()) {
            // no test changed: the replay would measure the pristine checkout again, which the baseline did
            listener.step(plan, "no test changed: the baseline stands as the measurement");
            state.runs.add(state.baseline);
            steps.requireAgentSucceeded(agent, plan.agent().timeout());
            return;
        }
        // only the agent's test changes, on a pristine checkout: what the agent did elsewhere cannot count
        listener.step(plan, "replay");
        try (Workspace replay = services.workspaces().provision(
                new WorkspaceSpec(plan.runId() + "-replay", resolved.cloneSource(), resolved.commit(), env, repository.setup()))) {
            prepare(plan, replay, repository, resolved.commit());
            if (!plan.agent().setup().isBlank()) {
                // what the agent installs (a test library, say) its tests may need; the agent itself does not run here
                listener.step(plan, "agent setup");
                steps.runSetup(replay, plan.agent().setup(), plan.agent().setupTimeout(), "agent setup",
                        agentEnvironment(plan, replay, llm), ExecPhase.AGENT);
            }
            replay.writeFile(".drydock/agent-tests.patch", testPatch.getBytes(StandardCharsets.UTF_8));
            steps.command(replay, "git apply --recount --whitespace=nowarn .drydock/agent-tests.patch",
                    "git apply of the agent's tests");
            try {
                for (int run = 1; run <= plan.testRuns(); run++) {
                    listener.step(plan, "measure " + run + "/" + plan.testRuns());
                    state.runs.add(steps.measure(replay, repository, Map.of()));
                }
                List<String> excluded = excludedNewTests(state);
                if (!excluded.isEmpty()) {
                    listener.step(plan, "measure without " + excluded.size() + " failing or flaky new test(s)");
                    List<String> kept = testIds(Optional.of(state.runs.get(0))).stream()
                            .filter(id -> !excluded.contains(id))
                            .toList();
                    state.gainRun = steps.measure(replay, repository, Map.of(
                            "DRYDOCK_EXCLUDED_TESTS", String.join("\n", excluded),
                            "DRYDOCK_KEPT_TESTS", String.join("\n", kept)));
                }
            } catch (RunFailure failure) {
                state.afterFailure = failure.error;
            }
        }

        steps.requireAgentSucceeded(agent, plan.agent().timeout());
        if (state.afterFailure != null) {
            throw new RunFailure(RunStatus.AGENT_FAILED, state.afterFailure.code(),
                    "with the agent's tests: " + state.afterFailure.message(), state.afterFailure.detail());
        }
    }

    /**
     * Source files with inline test blocks: a file whose every hunk lies in such blocks becomes a test
     * file; a file with both kinds stays source, its test hunks go to {@code inlineTestPatches} (to be
     * replayed) and only its source hunks remain as evidence in {@code hunks}.
     */
    private Modifications splitInlineTests(Workspace workspace, String base, String marker, Modifications modifications,
            Map<String, String> hunks, List<String> inlineTestPatches) {
        List<FileChange> files = new ArrayList<>();
        for (FileChange file : modifications.files()) {
            boolean candidate = file.category() == FileChange.Category.SOURCE && !file.binary()
                    && (file.kind() == FileChange.Kind.MODIFIED || file.kind() == FileChange.Kind.ADDED);
            String diff = hunks.get(file.path());
            if (!candidate || diff == null) {
                files.add(file);
                continue;
            }
            String now = new String(workspace.readFile(file.path()), StandardCharsets.UTF_8);
            String before = file.kind() == FileChange.Kind.ADDED
                    ? ""
                    : steps.command(workspace, GitDiff.GIT + "show --no-textconv " + WorkspaceSteps.quote(base + ":" + file.path()), "git show");
            List<InlineTests.Hunk> parts = InlineTests.hunks(diff, InlineTests.ranges(before, marker),
                    InlineTests.ranges(now, marker));
            String header = parts.get(0).text();
            List<InlineTests.Hunk> body = parts.subList(1, parts.size());
            String testPart = body.stream().filter(InlineTests.Hunk::test).map(InlineTests.Hunk::text).collect(Collectors.joining());
            String sourcePart = body.stream().filter(h -> !h.test()).map(InlineTests.Hunk::text).collect(Collectors.joining());
            if (!body.isEmpty() && sourcePart.isEmpty()) {
                files.add(new FileChange(file.path(), file.kind(), FileChange.Category.TEST, file.linesAdded(),
                        file.linesRemoved(), false));
            } else {
                files.add(file);
                if (!testPart.isEmpty()) {
                    inlineTestPatches.add(header + testPart);
                    hunks.put(file.path(), header + sourcePart);
                }
            }
        }
        return new Modifications(files);
    }

    /** Build artefacts out of the diff, then the repository's setup script. */
    private void prepare(RunPlan plan, Workspace workspace, RepositoryDefinition repository, String commit) {
        steps.verifyCheckout(workspace, commit);
        steps.excludeFromDiff(workspace, repository.ignore());
        listener.step(plan, "setup");
        if (steps.repositorySetup(workspace, repository)) {
            listener.step(plan, "setup restored from a snapshot");
        }
    }

    /** New tests (not in the baseline) that failed in any run: they do not count towards the gain. */
    private static List<String> excludedNewTests(State state) {
        Set<String> before = testIds(Optional.ofNullable(state.baseline));
        Set<String> excluded = new java.util.TreeSet<>();
        for (Measurement run : state.runs) {
            run.tests().filter(TestReport::precise).ifPresent(report -> report.tests().stream()
                    .filter(test -> !before.contains(test.id()))
                    .filter(test -> failed(test.status()))
                    .forEach(test -> excluded.add(test.id())));
        }
        return List.copyOf(excluded);
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
        WorkspaceSteps.putLlmEnvironment(llm, workspace, env);
        env.putAll(plan.agent().env());
        return env;
    }

    private RunResult result(RunPlan plan, Instant started, State state) {
        Optional<BigDecimal> cost = services.pricing().cost(state.ended.usage(), state.ended.usageByModel());
        Optional<TestWritingOutcome> outcome =
                Optional.ofNullable(state.baseline).map(baseline -> outcome(plan, baseline, state, cost));
        RepositoryInfo repository = WorkspaceSteps.repositoryInfo(plan, state.repository);
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
                state.ended.status(),
                Optional.ofNullable(state.ended.error()),
                Optional.ofNullable(state.agent),
                outcome,
                Optional.empty(),
                state.ended.usage(),
                cost,
                new TreeMap<>(services.environment()),
                Optional.ofNullable(state.isolation));
    }

    private TestWritingOutcome outcome(RunPlan plan, Measurement baseline, State state, Optional<BigDecimal> cost) {
        Optional<String> target = plan.target().map(t -> t.file());
        Optional<Measurement> first = state.runs.isEmpty() ? Optional.empty() : Optional.of(state.runs.get(0));
        // the gain is measured without new tests that failed in any run, when there were such tests
        Optional<Measurement> gain = state.gainRun != null ? Optional.of(state.gainRun) : first;
        if (state.afterFailure != null) {
            gain = Optional.empty();
        }
        boolean precise = baseline.tests().map(TestReport::precise).orElse(false)
                && !state.runs.isEmpty()
                && state.runs.stream().allMatch(run -> run.tests().map(TestReport::precise).orElse(false));
        AssertionCheck.Result assertions = state.assertions == null ? AssertionCheck.Result.NONE : state.assertions;
        TestAccounting accounting = precise
                ? accounting(baseline, state.runs, assertions)
                : new TestAccounting(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                        assertions.assertionFree(), assertions.testFunctionsAdded(), state.runs.size());
        List<Violation> violations = new ArrayList<>(state.violations);
        violations.addAll(testViolations(accounting));
        Optional<CoverageDelta> delta = gain.map(m -> CoverageDelta.between(baseline.coverage(), m.coverage()));
        return new TestWritingOutcome(
                baseline.coverage().summary(),
                gain.map(m -> m.coverage().summary()),
                target.map(file -> fileSummary(baseline.coverage(), file)),
                gain.flatMap(m -> target.map(file -> fileSummary(m.coverage(), file))),
                delta,
                gain.flatMap(m -> target.map(file -> CoverageDelta.forFile(baseline.coverage(), m.coverage(), file))),
                baseline.tests().map(TestReport::summary).orElse(TestSummary.EMPTY),
                first.flatMap(Measurement::tests).map(TestReport::summary),
                precise,
                accounting,
                state.modifications,
                violations,
                Efficiency.of(delta.map(CoverageDelta::newlyCoveredLines).orElse(0L), state.ended.usage(), cost));
    }

    /** Test ids of the baseline against every replayed run. */
    private static TestAccounting accounting(Measurement baseline, List<Measurement> replayed, AssertionCheck.Result assertions) {
        Map<String, TestStatus> before = statuses(baseline);
        List<Map<String, TestStatus>> runs = replayed.stream().map(TestWritingBenchmark::statuses).toList();
        Map<String, TestStatus> first = runs.get(0);
        List<String> added = first.keySet().stream().filter(id -> !before.containsKey(id)).sorted().toList();
        List<String> removed = before.keySet().stream().filter(id -> !first.containsKey(id)).sorted().toList();
        List<String> newlySkipped = before.entrySet().stream()
                .filter(e -> e.getValue() != TestStatus.SKIPPED && first.get(e.getKey()) == TestStatus.SKIPPED)
                .map(Map.Entry::getKey).sorted().toList();
        List<String> nowFailing = before.entrySet().stream()
                .filter(e -> e.getValue() == TestStatus.PASSED && failed(first.get(e.getKey())))
                .map(Map.Entry::getKey).sorted().toList();
        List<String> newFailing = new ArrayList<>();
        List<String> flaky = new ArrayList<>();
        for (String id : added) {
            long failures = runs.stream().filter(run -> failed(run.get(id))).count();
            if (failures == runs.size()) {
                newFailing.add(id);
            } else if (failures > 0) {
                flaky.add(id);
            }
        }
        return new TestAccounting(added, removed, newlySkipped, nowFailing, newFailing, flaky,
                assertions.assertionFree(), assertions.testFunctionsAdded(), runs.size());
    }

    private static List<Violation> testViolations(TestAccounting tests) {
        List<Violation> violations = new ArrayList<>();
        tests.removed().forEach(id -> violations.add(new Violation(Violation.Kind.TEST_REMOVED, id,
                "a test of the baseline is gone (deleted or renamed)", "")));
        tests.newlySkipped().forEach(id -> violations.add(new Violation(Violation.Kind.TEST_NEWLY_SKIPPED, id,
                "a test of the baseline is now skipped", "")));
        tests.nowFailing().forEach(id -> violations.add(new Violation(Violation.Kind.TEST_NOW_FAILING, id,
                "a test of the baseline that passed now fails", "")));
        tests.newFailing().forEach(id -> violations.add(new Violation(Violation.Kind.NEW_TEST_FAILING, id,
                "a new test failed in every one of " + tests.runs() + " runs; left out of the gain", "")));
        tests.flaky().forEach(id -> violations.add(new Violation(Violation.Kind.FLAKY_TEST, id,
                "a new test failed in some of " + tests.runs() + " runs; left out of the gain", "")));
        tests.assertionFree().forEach(id -> violations.add(new Violation(Violation.Kind.ASSERTION_FREE_TEST, id,
                "a new test function asserts nothing", "")));
        return violations;
    }

    private static Map<String, TestStatus> statuses(Measurement measurement) {
        Map<String, TestStatus> statuses = new java.util.LinkedHashMap<>();
        measurement.tests().ifPresent(report -> report.tests().forEach(test -> statuses.put(test.id(), test.status())));
        return statuses;
    }

    private static boolean failed(TestStatus status) {
        return status == TestStatus.FAILED || status == TestStatus.ERROR;
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

    /** What a run has gathered so far; whatever is there when it ends goes into the result. */
    private static final class State {
        /** Set once the run's work has ended. */
        WorkspaceSteps.Ended ended = new WorkspaceSteps.Ended(RunStatus.COMPLETED, null, Usage.ZERO, Map.of());
        @Nullable RepositoryInfo repository;
        @Nullable Isolation isolation;
        @Nullable Measurement baseline;
        /** Every run of the replayed suite, in order. */
        final List<Measurement> runs = new ArrayList<>();
        /** The run without failing or flaky new tests, when there were any. */
        @Nullable Measurement gainRun;
        @Nullable RunError afterFailure;
        @Nullable CommandRecord agent;
        AssertionCheck.@Nullable Result assertions;
        Modifications modifications = Modifications.NONE;
        final List<Violation> violations = new ArrayList<>();
    }
}

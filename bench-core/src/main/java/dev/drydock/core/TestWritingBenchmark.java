package dev.drydock.core;

import dev.drydock.core.policing.ChangeClassifier;
import dev.drydock.core.policing.DiffViolations;
import dev.drydock.core.policing.InlineTests;
import dev.drydock.core.policing.AssertionCheck;
import dev.drydock.core.policing.SuspiciousCode;
import dev.drydock.core.policing.TamperCheck;
import dev.drydock.core.policing.TestWritingJudge;
import dev.drydock.core.policing.Measurement;
import dev.drydock.api.FileChange;
import dev.drydock.api.Modifications;
import dev.drydock.api.RepositoryInfo;
import dev.drydock.api.RunError;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.Violation;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.core.config.RepositoryDefinition;
import dev.drydock.core.repository.ResolvedRepository;
import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecResult;
import dev.drydock.spi.LlmSession;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceSpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
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
    private final RunFrame frame;
    private final RunListener listener;

    TestWritingBenchmark(RunServices services, RunListener listener) {
        this.services = services;
        this.steps = new WorkspaceSteps(services);
        this.frame = new RunFrame(services, steps, listener);
        this.listener = listener;
    }

    RunResult run(RunPlan plan) {
        State state = new State();
        return frame.run(plan, state, (llm, run) -> execute(plan, llm, run), cost -> outcome(plan, state, cost),
                cost -> Optional.empty());
    }

    private void execute(RunPlan plan, LlmSession llm, State state) {
        RepositoryDefinition repository = plan.repository();
        listener.step(plan, "repository");
        ResolvedRepository resolved = services.repositories().apply(plan.repositoryName());
        state.repository = new RepositoryInfo(plan.repositoryName(), repository.url(), resolved.commit(), repository.platform(),
                repository.sizeClass());

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
                state.baseline = steps.measure(workspace, repository, Map.of()).sourceOnly(classifier);
            } catch (RunFailure failure) {
                throw RunFailure.infrastructure(failure.error.code(), "baseline: " + failure.error.message(),
                        failure.error.detail());
            }
            Optional<RunError> unusable = TestWritingJudge.baselineProblem(state.baseline, plan.target().map(t -> t.file()));
            if (unusable.isPresent()) {
                throw RunFailure.infrastructure(unusable.get().code(), "baseline: " + unusable.get().message(),
                        unusable.get().detail());
            }

            Map<String, String> agentEnv = agentEnvironment(plan, workspace, llm);
            agentEnv.putAll(steps.agentServices(workspace, plan));
            agent = frame.runAgent(plan, workspace, agentEnv, state);

            listener.step(plan, "diff");
            frame.checkWorkspace(workspace, resolved.commit(), state);
            try (HostCheckout changed = HostCheckout.of(steps, workspace, resolved.cloneSource(), resolved.commit(),
                    repository.ignore())) {
                state.modifications = changed.modifications(classifier);
                Map<String, String> hunks = DiffViolations.splitByFile(changed.unifiedDiff());
                Map<String, String> inlineTestPatches = new LinkedHashMap<>();
                if (repository.inlineTestMarker().isPresent()) {
                    state.modifications = splitInlineTests(changed, repository.inlineTestMarker().get(),
                            state.modifications, hunks, inlineTestPatches);
                }
                state.violations.addAll(DiffViolations.find(state.modifications, hunks));
                Map<String, String> testHunks = new LinkedHashMap<>();
                state.modifications.of(FileChange.Category.TEST).files()
                        .forEach(file -> testHunks.put(file.path(), hunks.getOrDefault(file.path(), "")));
                Map<String, String> checked = new LinkedHashMap<>(testHunks);
                checked.putAll(inlineTestPatches);
                state.violations.addAll(SuspiciousCode.find(checked));
                if (repository.testFunctionPattern().isPresent() && repository.assertionPattern().isPresent()) {
                    state.assertions = AssertionCheck.check(checked,
                            Pattern.compile(repository.testFunctionPattern().get(), Pattern.MULTILINE),
                            Pattern.compile(repository.assertionPattern().get()));
                }
                testPatch = (testHunks.isEmpty() ? "" : changed.patch(List.copyOf(testHunks.keySet())))
                        + String.join("", inlineTestPatches.values());
            }
        }

        if (testPatch.isEmpty()) {
            // no test changed: the replay would measure the pristine checkout again, which the baseline did
            listener.step(plan, "no test changed: the baseline stands as the measurement");
            state.runs.add(state.baseline);
            frame.requireAgentSucceeded(plan, agent, state);
            return;
        }
        // only the agent's test changes, on a pristine checkout: what the agent did elsewhere cannot count
        listener.step(plan, "replay");
        try (Workspace replay = services.workspaces().provision(
                new WorkspaceSpec(plan.runId() + "-replay", resolved.cloneSource(), resolved.commit(), env, repository.setup()))) {
            prepare(plan, replay, repository, resolved.commit());
            if (!plan.agent().setup().isBlank()) {
                // what the agent installs (a test library, say) its tests may need; the agent itself does not
                // run here, and its setup may write only where the platform installs things
                listener.step(plan, "agent setup");
                steps.runSetup(replay, plan.agent().setup(), plan.agent().setupTimeout(), "agent setup",
                        agentEnvironment(plan, replay, llm), ExecPhase.AGENT,
                        repository.sealedMeasurement() ? repository.environmentPaths() : null);
            }
            replay.writeFile(".drydock/agent-tests.patch", testPatch.getBytes(StandardCharsets.UTF_8));
            steps.command(replay, "git apply --recount --whitespace=nowarn .drydock/agent-tests.patch",
                    "git apply of the agent's tests");
            List<String> testFolders = classifier.testFolders(state.modifications.of(FileChange.Category.TEST).files().stream()
                    .map(FileChange::path).toList());
            try {
                for (int run = 1; run <= plan.testRuns(); run++) {
                    listener.step(plan, "measure " + run + "/" + plan.testRuns());
                    state.runs.add(steps.measure(replay, repository, Map.of(), testFolders).sourceOnly(classifier));
                }
                List<String> excluded = TestWritingJudge.excludedNewTests(state.baseline, state.runs);
                List<String> unloadable = TestWritingJudge.newLoadErrors(state.baseline, state.runs);
                if (!excluded.isEmpty() || !unloadable.isEmpty()) {
                    listener.step(plan, "measure without " + excluded.size() + " failing or flaky new test(s)"
                            + (unloadable.isEmpty() ? "" : " and " + unloadable.size() + " test module(s) that failed to load"));
                    List<String> kept = TestWritingJudge.testIds(state.runs.get(0)).stream()
                            .filter(id -> !excluded.contains(id))
                            .toList();
                    state.gainRun = steps.measure(replay, repository, Map.of(
                            "DRYDOCK_EXCLUDED_TESTS", String.join("\n", excluded),
                            "DRYDOCK_KEPT_TESTS", String.join("\n", kept),
                            "DRYDOCK_EXCLUDED_MODULES", String.join("\n", unloadable)), testFolders).sourceOnly(classifier);
                }
            } catch (RunFailure failure) {
                state.afterFailure = failure.error;
            }
            listener.step(plan, "tamper check");
            try (HostCheckout measured = HostCheckout.of(steps, replay, resolved.cloneSource(), resolved.commit(),
                    repository.ignore())) {
                // what the tests wrote in their own folders is theirs; everything else must be as set up
                Map<String, String> differences = new LinkedHashMap<>(measured.differencesFrom(testPatch));
                differences.keySet().removeIf(path -> classifier.classify(path) == FileChange.Category.TEST);
                state.violations.addAll(TamperCheck.replay(differences));
            }
        }

        frame.requireAgentSucceeded(plan, agent, state);
        if (state.afterFailure != null) {
            throw new RunFailure(RunStatus.AGENT_FAILED, state.afterFailure.code(),
                    "with the agent's tests: " + state.afterFailure.message(), state.afterFailure.detail());
        }
    }

    /**
     * Source files with inline test blocks: a file whose every hunk lies in such blocks becomes a test
     * file; a file with both kinds stays source, its test hunks go to {@code inlineTestPatches} by path
     * (to be replayed) and only its source hunks remain as evidence in {@code hunks}.
     */
    private static Modifications splitInlineTests(HostCheckout changed, String marker, Modifications modifications,
            Map<String, String> hunks, Map<String, String> inlineTestPatches) {
        List<FileChange> files = new ArrayList<>();
        for (FileChange file : modifications.files()) {
            boolean candidate = file.category() == FileChange.Category.SOURCE && !file.binary()
                    && (file.kind() == FileChange.Kind.MODIFIED || file.kind() == FileChange.Kind.ADDED);
            String diff = hunks.get(file.path());
            if (!candidate || diff == null) {
                files.add(file);
                continue;
            }
            String now = changed.current(file.path());
            String before = file.kind() == FileChange.Kind.ADDED ? "" : changed.baseline(file.path());
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
                    inlineTestPatches.put(file.path(), header + testPart);
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

    private Optional<TestWritingOutcome> outcome(RunPlan plan, State state, Optional<BigDecimal> cost) {
        return Optional.ofNullable(state.baseline).map(baseline -> TestWritingJudge.judge(
                new TestWritingJudge.Evidence(plan.target().map(t -> t.file()), baseline, state.runs,
                        Optional.ofNullable(state.gainRun), state.afterFailure != null, state.modifications, state.violations,
                        state.assertions == null ? AssertionCheck.Result.NONE : state.assertions, state.ended.usage(), cost)));
    }

    /** What a test-writing run gathers besides what every run does. */
    private static final class State extends RunFrame.Run {
        @Nullable Measurement baseline;
        /** Every run of the replayed suite, in order. */
        final List<Measurement> runs = new ArrayList<>();
        /** The run without failing or flaky new tests, when there were any. */
        @Nullable Measurement gainRun;
        @Nullable RunError afterFailure;
        AssertionCheck.@Nullable Result assertions;
        Modifications modifications = Modifications.NONE;
        final List<Violation> violations = new ArrayList<>();
    }
}

package dev.drydock.core;

import dev.drydock.core.policing.ChangeClassifier;
import dev.drydock.core.policing.TestRunningJudge;
import dev.drydock.api.CommandRecord;
import dev.drydock.api.CoverageReport;
import dev.drydock.api.CoverageSummary;
import dev.drydock.api.Modifications;
import dev.drydock.api.ReportFormatException;
import dev.drydock.api.RepositoryInfo;
import dev.drydock.api.RunResult;
import dev.drydock.api.TestReport;
import dev.drydock.api.TestRunningOutcome;
import dev.drydock.api.TestRunningOutcome.AgentClaim;
import dev.drydock.api.TestRunningOutcome.GroundTruth;
import dev.drydock.api.TestRunningOutcome.Reference;
import dev.drydock.api.TestSummary;
import dev.drydock.core.config.RepositoryDefinition;
import dev.drydock.core.repository.ResolvedRepository;
import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ExecResult;
import dev.drydock.spi.LlmSession;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The test-running benchmark: can the agent set up a repository and run its tests with coverage, or
 * tell that it has none? The agent leaves {@code setup.sh}, {@code test.sh} and {@code report.json}
 * in {@code .drydock/}; drydock copies only those scripts into a fresh workspace at the same commit,
 * runs them with time limits, parses the reports they wrote with its own parsers, and compares:
 * detection with the repository's label, tests and coverage with the reference run, the agent's
 * claims with the measurement; what the scripts changed in the project is policed.
 *
 * <p>Failures are sorted as in test writing: before the agent starts (repository, reference run,
 * workspace, agent setup) they are infrastructure failures; the agent failing or timing out is the
 * agent's, and what it left is still scored.
 */
final class TestRunningBenchmark {
    /** Where the agent leaves its files, project-relative. */
    static final String OUTPUT_DIR = ".drydock";

    private final RunServices services;
    private final WorkspaceSteps steps;
    private final RunFrame frame;
    private final References references;
    private final RunListener listener;

    TestRunningBenchmark(RunServices services, References references, RunListener listener) {
        this.services = services;
        this.steps = new WorkspaceSteps(services);
        this.frame = new RunFrame(services, steps, listener);
        this.references = references;
        this.listener = listener;
    }

    RunResult run(RunPlan plan) {
        State state = new State();
        return frame.run(plan, state, (llm, run) -> execute(plan, llm, run), cost -> Optional.empty(),
                cost -> Optional.ofNullable(state.agent).map(agent -> outcome(plan, state)));
    }

    private void execute(RunPlan plan, LlmSession llm, State state) {
        RepositoryDefinition repository = plan.repository();
        listener.step(plan, "repository");
        ResolvedRepository resolved = services.repositories().apply(plan.repositoryName());
        state.repository = new RepositoryInfo(plan.repositoryName(), repository.url(), resolved.commit(), repository.platform(),
                repository.sizeClass());
        state.label = label(repository);
        if (state.label.hasTests() && !state.label.needsServices()) {
            listener.step(plan, "reference");
            state.reference = references.of(plan.repositoryName(), repository, resolved);
        }

        // the agent sees the repository, not drydock's recipe: no TEST_COMMAND, no report paths
        Map<String, String> env = new TreeMap<>(repository.env());
        env.put("REPOSITORY_URL", repository.url());
        env.put("DRYDOCK_RUN_ID", plan.runId());
        Map<String, byte[]> left = new LinkedHashMap<>();
        String agentRoot;
        ExecResult agent;
        listener.step(plan, "workspace");
        try (Workspace workspace = services.workspaces().provision(
                new WorkspaceSpec(plan.runId(), resolved.cloneSource(), resolved.commit(), env))) {
            steps.verifyCheckout(workspace, resolved.commit());
            steps.excludeFromDiff(workspace, repository.ignore());
            steps.command(workspace, "mkdir -p " + OUTPUT_DIR, "creating " + OUTPUT_DIR); // $DRYDOCK_OUTPUT_DIR exists
            Map<String, String> agentEnv = agentEnvironment(plan, workspace, llm);
            agentEnv.putAll(steps.agentServices(workspace, plan));
            agent = frame.runAgent(plan, workspace, agentEnv, state);
            agentRoot = workspace.projectRoot();
            for (String file : List.of("report.json", "setup.sh", "test.sh")) {
                String path = OUTPUT_DIR + "/" + file;
                if (workspace.exists(path)) {
                    left.put(file, workspace.readFile(path));
                }
            }
        }

        AgentReport.Parsed parsed = left.containsKey("report.json")
                ? AgentReport.parse(OUTPUT_DIR + "/report.json", redactedText(left.get("report.json")))
                : new AgentReport.Parsed(Optional.empty(), Optional.of("the agent wrote no " + OUTPUT_DIR + "/report.json"));
        state.claim = parsed.claim().map(claim -> relativeTo(agentRoot, claim));
        state.claimProblem = parsed.problem();
        boolean replay = state.reference != null && state.claim.map(AgentClaim::hasTests).orElse(false);
        if (replay && !left.containsKey("test.sh")) {
            state.measurementProblem = "the agent claims tests but wrote no " + OUTPUT_DIR + "/test.sh";
        } else if (replay) {
            replay(plan, repository, resolved, env, left, state);
        }

        frame.requireAgentSucceeded(plan, agent, state);
    }

    /** The agent's scripts, and nothing else of what it did, in a fresh workspace; then drydock measures. */
    private void replay(RunPlan plan, RepositoryDefinition repository, ResolvedRepository resolved,
            Map<String, String> env, Map<String, byte[]> left, State state) {
        AgentClaim claim = state.claim.orElseThrow();
        listener.step(plan, "replay");
        try (Workspace workspace = services.workspaces().provision(
                new WorkspaceSpec(plan.runId() + "-replay", resolved.cloneSource(), resolved.commit(), env))) {
            steps.verifyCheckout(workspace, resolved.commit());
            steps.excludeFromDiff(workspace, repository.ignore());
            Map<String, String> scriptEnv = Map.of("DRYDOCK_OUTPUT_DIR", outputDir(workspace));
            if (left.containsKey("setup.sh")) {
                workspace.writeFile(OUTPUT_DIR + "/setup.sh", left.get("setup.sh"));
                listener.step(plan, "setup.sh");
                ExecResult setup = workspace.exec(new ExecRequest("bash " + OUTPUT_DIR + "/setup.sh", "", scriptEnv,
                        repository.setupTimeout(), plan.agent().outputLimit(), ExecPhase.MEASURE));
                state.setup = steps.record(setup);
            } else {
                // nothing to install is a valid answer; its replay trivially succeeds
                state.setup = new CommandRecord(Optional.of(0), false, java.time.Duration.ZERO, "", "no setup.sh", 0);
            }
            if (!state.setup.succeeded()) {
                state.measurementProblem = "setup.sh " + (state.setup.timedOut() ? "ran past its time limit of "
                        + repository.setupTimeout() : "exited with " + state.setup.exitCode().map(String::valueOf).orElse("an unknown code"))
                        + "; test.sh was not run";
                return;
            }
            workspace.writeFile(OUTPUT_DIR + "/test.sh", left.get("test.sh"));
            listener.step(plan, "test.sh");
            ExecResult test = workspace.exec(new ExecRequest("bash " + OUTPUT_DIR + "/test.sh", "", scriptEnv,
                    repository.coverageTimeout(), plan.agent().outputLimit(), ExecPhase.MEASURE));
            state.test = steps.record(test);
            listener.step(plan, "measure");
            // drydock's own copy and git: the agent's scripts may have rewritten the workspace's .git
            try (HostCheckout changed = HostCheckout.of(steps, workspace, resolved.cloneSource(), resolved.commit(),
                    repository.ignore())) {
                state.scriptChanges = changed.modifications(ChangeClassifier.of(repository));
            }
            List<String> problems = new ArrayList<>();
            if (test.timedOut()) {
                problems.add("test.sh ran past its time limit of " + repository.coverageTimeout());
            }
            Optional<CoverageReport> report = claim.coverageReport()
                    .flatMap(path -> coverage(workspace, path, claim.coverageFormat(), problems));
            state.coverage = report.map(CoverageReport::summary);
            state.coverageFiles = report.map(References::measuredFiles).orElse(List.of());
            if (claim.coverageReport().isEmpty()) {
                problems.add("report.json names no coverage_report");
            }
            Optional<TestReport> tests = tests(workspace, claim, test, problems);
            state.tests = tests.map(TestReport::summary);
            state.loadErrors = tests.map(TestReport::loadErrors).orElse(List.of());
            if (!problems.isEmpty()) {
                state.measurementProblem = String.join("; ", problems);
            }
        }
    }

    /** The report as text with every known secret masked, so that nothing of it stores a key. */
    private byte[] redactedText(byte[] report) {
        if (report.length > AgentReport.MAX_BYTES) {
            return report;
        }
        return steps.redact(new String(report, java.nio.charset.StandardCharsets.UTF_8))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Optional<CoverageReport> coverage(Workspace workspace, String path, Optional<String> format, List<String> problems) {
        if (outsideProject(path)) {
            problems.add("coverage report " + path + " is not a path inside the project");
            return Optional.empty();
        }
        if (!workspace.exists(path)) {
            problems.add("no coverage report at " + path + " after test.sh");
            return Optional.empty();
        }
        try {
            return Optional.of(steps.parseCoverage(workspace, path, format));
        } catch (ReportFormatException e) {
            problems.add("coverage report: " + steps.redact(e.getMessage()));
            return Optional.empty();
        }
    }

    /** A report path the agent got wrong (absolute, or climbing out); workspaces would refuse it as their error. */
    private static boolean outsideProject(String path) {
        if (path.indexOf('\0') >= 0) {
            return true;
        }
        java.nio.file.Path normalized = java.nio.file.Path.of(path).normalize();
        return normalized.isAbsolute() || normalized.startsWith("..");
    }

    /** Report paths the agent gave as absolute paths inside its own workspace, made project-relative. */
    private static AgentClaim relativeTo(String agentRoot, AgentClaim claim) {
        String root = agentRoot.endsWith("/") ? agentRoot : agentRoot + "/";
        java.util.function.Function<Optional<String>, Optional<String>> relative =
                path -> path.map(p -> p.startsWith(root) ? p.substring(root.length()) : p);
        return new AgentClaim(claim.hasTests(), claim.needsServices(), claim.frameworks(),
                relative.apply(claim.coverageReport()), claim.coverageFormat(), relative.apply(claim.testReport()),
                claim.testReportFormat(), claim.linesCovered(), claim.linesTotal(), claim.testsRun(), claim.testsPassed(),
                claim.notes());
    }

    /** From the test report the agent names, else from the runner's summary line in test.sh's output. */
    private Optional<TestReport> tests(Workspace workspace, AgentClaim claim, ExecResult test, List<String> problems) {
        if (claim.testReport().isPresent()) {
            String path = claim.testReport().get();
            if (outsideProject(path)) {
                problems.add("test report " + path + " is not a path inside the project");
            } else if (!workspace.exists(path)) {
                problems.add("no test report at " + path + " after test.sh");
            } else {
                try {
                    return Optional.of(steps.parseTests(workspace, path, claim.testReportFormat()));
                } catch (ReportFormatException e) {
                    problems.add("test report: " + steps.redact(e.getMessage()));
                }
            }
        }
        Optional<TestReport> console = steps.consoleSummary(test);
        if (console.isEmpty()) {
            problems.add("no test counts: no readable test report and no test runner summary in test.sh's output");
        }
        return console;
    }

    private Map<String, String> agentEnvironment(RunPlan plan, Workspace workspace, LlmSession llm) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PROJECT_ROOT", workspace.projectRoot());
        env.put("DRYDOCK_OUTPUT_DIR", outputDir(workspace));
        env.put("PROMPT", plan.prompt()
                .replace("{output_dir}", OUTPUT_DIR)
                .replace("{repository}", plan.repositoryName()));
        WorkspaceSteps.putLlmEnvironment(llm, workspace, env);
        env.putAll(plan.agent().env());
        return env;
    }

    private static String outputDir(Workspace workspace) {
        String root = workspace.projectRoot();
        return (root.endsWith("/") ? root : root + "/") + OUTPUT_DIR;
    }

    static GroundTruth label(RepositoryDefinition repository) {
        return new GroundTruth(repository.hasTests().orElse(false), repository.needsServices(),
                repository.frameworks().stream().map(TestRunningJudge::framework).toList());
    }

    private TestRunningOutcome outcome(RunPlan plan, State state) {
        GroundTruth label = state.label != null ? state.label : label(plan.repository());
        Optional<Reference> reference = Optional.ofNullable(state.reference);
        TestRunningJudge.Replay replay = new TestRunningJudge.Replay(Optional.ofNullable(state.setup),
                Optional.ofNullable(state.test), state.coverage, state.tests, state.scriptChanges, state.coverageFiles,
                state.loadErrors);
        TestRunningJudge.Verdict verdict = TestRunningJudge.judge(label, state.claim, replay, reference, plan.tolerance());
        return new TestRunningOutcome(label, state.claim, state.claimProblem, replay.setup(), replay.test(),
                state.coverage, state.tests, Optional.ofNullable(state.measurementProblem), reference,
                state.scriptChanges, verdict.flags(), verdict.score());
    }

    /** What a test-running run gathers besides what every run does. */
    private static final class State extends RunFrame.Run {
        @Nullable GroundTruth label;
        @Nullable Reference reference;
        Optional<AgentClaim> claim = Optional.empty();
        Optional<String> claimProblem = Optional.empty();
        @Nullable CommandRecord setup;
        @Nullable CommandRecord test;
        Optional<CoverageSummary> coverage = Optional.empty();
        Optional<TestSummary> tests = Optional.empty();
        List<String> coverageFiles = List.of();
        List<String> loadErrors = List.of();
        @Nullable String measurementProblem;
        Modifications scriptChanges = Modifications.NONE;
    }
}

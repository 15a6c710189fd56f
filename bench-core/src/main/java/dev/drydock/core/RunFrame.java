package dev.drydock.core;

import dev.drydock.api.AgentInfo;
import dev.drydock.api.CommandRecord;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.Isolation;
import dev.drydock.api.RepositoryInfo;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.TestRunningOutcome;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.api.Usage;
import dev.drydock.core.policing.GitDiff;
import dev.drydock.core.policing.TamperCheck;
import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ExecResult;
import dev.drydock.spi.LlmSession;
import dev.drydock.spi.Workspace;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What both benchmarks do around their own steps: the run's LLM session, the agent's setup and
 * command, the blame for how the run ended (assigned once, after what the agent left was measured),
 * and the {@link RunResult}. A benchmark is the script of steps in between.
 */
final class RunFrame {
    private final RunServices services;
    private final WorkspaceSteps steps;
    private final RunListener listener;

    RunFrame(RunServices services, WorkspaceSteps steps, RunListener listener) {
        this.services = services;
        this.steps = steps;
        this.listener = listener;
    }

    /** What every run gathers, whichever its benchmark; whatever is there when it ends goes into the result. */
    static class Run {
        /** Set once the run's work has ended. */
        WorkspaceSteps.Ended ended = new WorkspaceSteps.Ended(RunStatus.COMPLETED, null, Usage.ZERO, Map.of());
        @Nullable RepositoryInfo repository;
        @Nullable Isolation isolation;
        @Nullable CommandRecord agent;
        /** What the agent did to the workspace's repository, if it broke it. */
        Optional<String> workspaceTampered = Optional.empty();
    }

    /**
     * Runs {@code work} in the run's LLM session and assembles the result from {@code state} and the
     * benchmark's outcome, given the run's cost.
     */
    <S extends Run> RunResult run(RunPlan plan, S state, BiConsumer<LlmSession, S> work,
            Function<Optional<BigDecimal>, Optional<TestWritingOutcome>> writing,
            Function<Optional<BigDecimal>, Optional<TestRunningOutcome>> running) {
        Instant started = services.clock().instant();
        state.ended = steps.inLlmSession(plan.runId(), llm -> work.accept(llm, state));
        Optional<BigDecimal> cost = services.pricing().cost(state.ended.usage(), state.ended.usageByModel());
        return new RunResult(
                RunResult.SCHEMA_VERSION,
                plan.runId(),
                plan.suite(),
                plan.benchmark().id(),
                new AgentInfo(plan.agentName(), plan.agent().version()),
                WorkspaceSteps.repositoryInfo(plan, state.repository),
                plan.target().map(t -> t.file()),
                plan.repetition(),
                started,
                services.clock().instant(),
                state.ended.status(),
                Optional.ofNullable(state.ended.error()),
                Optional.ofNullable(state.agent),
                writing.apply(cost),
                running.apply(cost),
                state.ended.usage(),
                cost,
                new TreeMap<>(services.environment()),
                Optional.ofNullable(state.isolation));
    }

    /** The agent's setup (an infrastructure failure when it fails) and its command, recorded in {@code state}. */
    ExecResult runAgent(RunPlan plan, Workspace workspace, Map<String, String> agentEnv, Run state) {
        if (!plan.agent().setup().isBlank()) {
            listener.step(plan, "agent setup");
            steps.runSetup(workspace, plan.agent().setup(), plan.agent().setupTimeout(), "agent setup", agentEnv,
                    ExecPhase.AGENT);
        }
        listener.step(plan, "agent");
        state.isolation = workspace.isolation();
        ExecResult agent = workspace.exec(new ExecRequest(plan.agent().command(), "", agentEnv, plan.agent().timeout(),
                plan.agent().outputLimit(), ExecPhase.AGENT));
        state.agent = steps.record(agent);
        return agent;
    }

    /** Notes in {@code state} whether the agent left the workspace's repository without the baseline commit. */
    void checkWorkspace(Workspace workspace, String commit, Run state) {
        ExecResult check = workspace.exec(ExecRequest.of(GitDiff.GIT + "cat-file -t " + commit + " 2>&1",
                WorkspaceSteps.SMALL_COMMAND));
        state.workspaceTampered = TamperCheck.workspace(check.exitCode(),
                steps.redact(WorkspaceSteps.lastChars(check.stdout(), 512)), commit);
    }

    /**
     * The agent's own failures, raised once what it left has been measured, so its numbers are kept
     * with the blame: its exit (or time limit), then what it did to the workspace.
     */
    void requireAgentSucceeded(RunPlan plan, ExecResult agent, Run state) {
        steps.requireAgentSucceeded(agent, plan.agent().timeout());
        if (state.workspaceTampered.isPresent()) {
            throw new RunFailure(RunStatus.AGENT_FAILED, ErrorCode.WORKSPACE_TAMPERED, state.workspaceTampered.get(), "");
        }
    }
}

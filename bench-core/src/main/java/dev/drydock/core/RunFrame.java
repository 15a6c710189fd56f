package dev.drydock.core;

import dev.drydock.api.AgentInfo;
import dev.drydock.api.CommandRecord;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.Isolation;
import dev.drydock.api.RepositoryInfo;
import dev.drydock.api.RunError;
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
import java.util.function.Consumer;
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

    /** How a run's work ended: its status and error, and what its LLM session used. */
    record Ended(RunStatus status, @Nullable RunError error, Usage usage, Map<String, Usage> usageByModel) {}

    /**
     * Opens the run's LLM session (its key redacted from then on), runs {@code work} with it and
     * sorts what ended it: a {@link RunFailure} keeps its status, any other failure is drydock's
     * (an infrastructure failure, never the agent's). Usage is read however the work ended.
     */
    private Ended inLlmSession(String runId, Consumer<LlmSession> work) {
        Usage usage = Usage.ZERO;
        Map<String, Usage> byModel = Map.of();
        RunStatus status = RunStatus.COMPLETED;
        RunError error = null;
        try (LlmSession llm = services.llm().openSession(runId)) {
            llm.endpoints().ifPresent(endpoints -> services.redactor().register(endpoints.apiKey()));
            try {
                work.accept(llm);
            } finally {
                usage = llm.usage();
                byModel = llm.usageByModel();
            }
        } catch (RunFailure failure) {
            status = failure.status;
            error = failure.error;
        } catch (DrydockException e) {
            status = RunStatus.INFRASTRUCTURE_FAILED;
            error = new RunError(e.code(), steps.redact(e.getMessage()), "");
        } catch (RuntimeException e) {
            status = RunStatus.INFRASTRUCTURE_FAILED;
            error = new RunError(ErrorCode.INTERNAL, steps.redact("drydock failed: " + e),
                    steps.redact(WorkspaceSteps.stackTrace(e)));
        }
        return new Ended(status, error, usage, byModel);
    }

    /** The repository as a result records it: resolved, or as configured when the run ended before. */
    private static RepositoryInfo repositoryInfo(RunPlan plan, @Nullable RepositoryInfo resolved) {
        return resolved != null ? resolved : new RepositoryInfo(plan.repositoryName(), plan.repository().url(),
                plan.repository().commit().orElse("unresolved"), plan.repository().platform(), plan.repository().sizeClass());
    }

    /** What every run gathers, whichever its benchmark; whatever is there when it ends goes into the result. */
    static class Run {
        /** Set once the run's work has ended. */
        Ended ended = new Ended(RunStatus.COMPLETED, null, Usage.ZERO, Map.of());
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
        state.ended = inLlmSession(plan.runId(), llm -> work.accept(llm, state));
        Optional<BigDecimal> cost = services.pricing().cost(state.ended.usage(), state.ended.usageByModel());
        return new RunResult(
                RunResult.SCHEMA_VERSION,
                plan.runId(),
                plan.suite(),
                plan.benchmark().id(),
                new AgentInfo(plan.agentName(), plan.agent().version()),
                repositoryInfo(plan, state.repository),
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
        if (agent.timedOut()) {
            throw new RunFailure(RunStatus.AGENT_TIMED_OUT, ErrorCode.TIMEOUT,
                    "the agent ran past its time limit of " + plan.agent().timeout() + " and was killed", steps.tail(agent));
        }
        if (!agent.succeeded()) {
            throw new RunFailure(RunStatus.AGENT_FAILED, ErrorCode.AGENT_FAILED,
                    "the agent exited with " + agent.exitCode().map(String::valueOf).orElse("an unknown code"), steps.tail(agent));
        }
        if (state.workspaceTampered.isPresent()) {
            throw new RunFailure(RunStatus.AGENT_FAILED, ErrorCode.WORKSPACE_TAMPERED, state.workspaceTampered.get(), "");
        }
    }
}

package dev.drydock.core;

import static java.util.Objects.requireNonNull;

import dev.drydock.core.config.AgentDefinition;
import dev.drydock.core.config.Benchmark;
import dev.drydock.core.config.RepositoryDefinition;
import dev.drydock.core.config.TargetDefinition;
import java.util.Optional;

/**
 * One run to execute: a benchmark, an agent, a repository, maybe a target file, a repetition.
 * {@code testRuns} is how often the replayed test suite runs; {@code prompt} is the run's task
 * before its placeholders are filled in; {@code tolerance} is the test-running benchmark's.
 */
public record RunPlan(
        String runId,
        String suite,
        Benchmark benchmark,
        String agentName,
        AgentDefinition agent,
        String repositoryName,
        RepositoryDefinition repository,
        Optional<TargetDefinition> target,
        int repetition,
        int testRuns,
        String prompt,
        double tolerance) {
    public RunPlan {
        requireNonNull(runId, "runId is null");
        requireNonNull(suite, "suite is null");
        requireNonNull(benchmark, "benchmark is null");
        requireNonNull(agentName, "agentName is null");
        requireNonNull(agent, "agent is null");
        requireNonNull(repositoryName, "repositoryName is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(target, "target is null");
        requireNonNull(prompt, "prompt is null");
    }

    /** For progress lines: {@code agent on repository[:target] #n}. */
    public String label() {
        return agentName + " on " + repositoryName + target.map(t -> ":" + t.file()).orElse("") + " #" + repetition;
    }
}

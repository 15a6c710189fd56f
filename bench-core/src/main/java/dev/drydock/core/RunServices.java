package dev.drydock.core;

import static java.util.Objects.requireNonNull;

import dev.drydock.core.registry.ReportParsers;
import dev.drydock.core.repository.ResolvedRepository;
import dev.drydock.spi.LlmProxy;
import dev.drydock.spi.WorkspaceBackend;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * What a benchmark run uses, opened once per suite.
 *
 * @param repositories resolves a repository name to its pinned clone source (memoised by the caller)
 * @param pricing the model price table
 * @param environment recorded with every result: drydock version, provider names
 */
record RunServices(
        WorkspaceBackend workspaces,
        LlmProxy llm,
        ReportParsers parsers,
        Function<String, ResolvedRepository> repositories,
        Redactor redactor,
        Clock clock,
        Pricing pricing,
        Map<String, String> environment,
        java.nio.file.Path baseDirectory) {
    RunServices {
        requireNonNull(workspaces, "workspaces is null");
        requireNonNull(llm, "llm is null");
        requireNonNull(parsers, "parsers is null");
        requireNonNull(repositories, "repositories is null");
        requireNonNull(redactor, "redactor is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(pricing, "pricing is null");
        environment = Map.copyOf(environment);
        requireNonNull(baseDirectory, "baseDirectory is null");
    }
}

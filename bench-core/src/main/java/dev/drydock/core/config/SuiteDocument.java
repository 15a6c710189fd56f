package dev.drydock.core.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The top level of a benchmark configuration file, before templates are applied. Agents,
 * repositories, platforms and provider slots stay raw here; {@link SuiteLoader} merges and binds them.
 */
record SuiteDocument(
        Optional<String> name,
        Optional<ConfigNode> workspace,
        Optional<ConfigNode> llm,
        Optional<ConfigNode> store,
        List<RunDefinition> runs,
        Map<String, ConfigNode> agents,
        Map<String, ConfigNode> repositories,
        Map<String, ConfigNode> platforms,
        Map<String, ModelPrice> prices) {}

package dev.drydock.core.config;

import dev.drydock.api.ConfigProblem;
import dev.drydock.api.ConfigurationException;
import dev.drydock.core.policing.TestRunningJudge;
import dev.drydock.core.config.ConfigNode.MapNode;
import dev.drydock.core.config.ConfigNode.ScalarNode;
import dev.drydock.core.config.TemplateCatalog.Kind;
import dev.drydock.core.registry.ProviderKind;
import dev.drydock.core.registry.ProviderRegistry;
import dev.drydock.core.registry.ReportParsers;
import dev.drydock.spi.Provider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a benchmark configuration file into a {@link Suite}: parse, substitute {@code ${ENV}},
 * merge templates (platform &lt; repository template &lt; user overrides; agent template &lt; user
 * overrides), bind strictly, check provider names and provider settings, check references between
 * runs, agents and repositories. Every problem found is reported at once, with file, line and key.
 */
public final class SuiteLoader {
    private final ProviderRegistry registry;
    private final ReportParsers parsers;
    private final TemplateCatalog templates;
    private final EnvSubstitution env;
    private final ConfigBinder binder;

    public SuiteLoader(
            ProviderRegistry registry,
            ReportParsers parsers,
            TemplateCatalog templates,
            EnvSubstitution env,
            ConfigBinder binder) {
        this.registry = registry;
        this.parsers = parsers;
        this.templates = templates;
        this.env = env;
        this.binder = binder;
    }

    public Suite load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(new ConfigProblem(file.toString(), "", "configuration file not found"));
        } catch (IOException e) {
            throw new ConfigurationException(new ConfigProblem(file.toString(), "", "cannot read: " + e.getMessage()));
        }
        return load(text, file);
    }

    /** Loads configuration text as if it were the file {@code file} (for tests and embedding). */
    public Suite load(String text, Path file) {
        Problems problems = new Problems();
        ConfigNode root = env.apply(YamlReader.read(text, file.toString()), "", problems);
        SuiteDocument document = binder.bind(root, SuiteDocument.class, "", problems);
        if (document == null) {
            problems.throwIfAny();
            throw new IllegalStateException("unreachable");
        }
        Map<ProviderKind, ProviderSlot> slots = new EnumMap<>(ProviderKind.class);
        slot(ProviderKind.WORKSPACE, document.workspace(), root, problems).ifPresent(s -> slots.put(s.kind(), s));
        slot(ProviderKind.LLM, document.llm(), root, problems).ifPresent(s -> slots.put(s.kind(), s));
        slot(ProviderKind.STORE, document.store(), root, problems).ifPresent(s -> slots.put(s.kind(), s));

        Map<String, ConfigNode> platformTrees = platforms(document, problems);
        Map<String, ConfigNode> agentTrees = new LinkedHashMap<>();
        Map<String, ConfigNode> repositoryTrees = new LinkedHashMap<>();
        Map<String, AgentDefinition> agents = new LinkedHashMap<>();
        Map<String, RepositoryDefinition> repositories = new LinkedHashMap<>();

        Set<String> agentNames = new LinkedHashSet<>(document.agents().keySet());
        Set<String> repositoryNames = new LinkedHashSet<>(document.repositories().keySet());
        if (document.runs().isEmpty()) {
            problems.add(root.location(), "runs", "no runs: add a 'runs' list, e.g. "
                    + "runs: [{benchmark: test-writing, agents: [noop], repositories: [python-inventory]}]");
        }
        MapNode rootMap = (MapNode) root;
        ConfigNode runsNode = rootMap.get("runs");
        for (int i = 0; i < document.runs().size(); i++) {
            RunDefinition run = document.runs().get(i);
            Location at = runsNode instanceof ConfigNode.ListNode list ? list.items().get(i).location() : root.location();
            for (String agent : run.agents()) {
                if (!agentNames.contains(agent) && templates.find(Kind.AGENTS, agent).isEmpty()) {
                    problems.add(at, "runs[" + i + "].agents", "unknown agent '" + agent + "'; defined: "
                            + describe(agentNames) + "; shipped templates: " + describe(templates.names(Kind.AGENTS)));
                } else {
                    agentNames.add(agent);
                }
            }
            for (String repository : run.repositories()) {
                if (!repositoryNames.contains(repository) && templates.find(Kind.REPOSITORIES, repository).isEmpty()) {
                    problems.add(at, "runs[" + i + "].repositories", "unknown repository '" + repository + "'; defined: "
                            + describe(repositoryNames) + "; shipped templates: " + describe(templates.names(Kind.REPOSITORIES)));
                } else {
                    repositoryNames.add(repository);
                }
            }
        }
        for (String name : agentNames) {
            ConfigNode tree = withTemplate(Kind.AGENTS, name, document.agents().get(name), "agents." + name, problems);
            agentTrees.put(name, tree);
            Optional.ofNullable(binder.bind(tree, AgentDefinition.class, "agents." + name, problems))
                    .ifPresent(agent -> agents.put(name, agent));
        }
        for (String name : repositoryNames) {
            String path = "repositories." + name;
            ConfigNode tree = withTemplate(Kind.REPOSITORIES, name, document.repositories().get(name), path, problems);
            if (tree instanceof MapNode map && map.get("platform") instanceof ScalarNode platform && platform.value() != null) {
                ConfigNode platformTree = platformTrees.get(platform.value());
                if (platformTree == null) {
                    problems.add(platform.location(), path + ".platform", "unknown platform '" + platform.value()
                            + "'; available: " + describe(platformTrees.keySet()));
                } else {
                    tree = ConfigNode.merge(platformTree, tree);
                }
            }
            repositoryTrees.put(name, tree);
            RepositoryDefinition repository = binder.bind(tree, RepositoryDefinition.class, path, problems);
            if (repository != null) {
                repositories.put(name, repository);
                checkFormats(repository, (MapNode) tree, path, problems);
                checkLabels(repository, (MapNode) tree, path, problems);
            }
        }
        checkGroundTruth(document, repositoryNames, repositories, repositoryTrees, problems);
        problems.throwIfAny();

        String name = document.name().orElseGet(() -> stem(file));
        return new Suite(name, file, slots, document.runs(), agents, repositories, document.prices(),
                resolvedTree(root, slots, agentTrees, repositoryTrees));
    }

    private Optional<ProviderSlot> slot(ProviderKind kind, Optional<ConfigNode> node, ConfigNode root, Problems problems) {
        String providerName;
        MapNode settings;
        Location location;
        if (node.isEmpty()) {
            providerName = kind.defaultName();
            settings = MapNode.empty(root.location());
            location = Location.of(root.location().source());
        } else if (node.get() instanceof ScalarNode scalar && scalar.value() != null) {
            providerName = scalar.value();
            settings = MapNode.empty(scalar.location());
            location = scalar.location();
        } else if (node.get() instanceof MapNode map && map.get("provider") instanceof ScalarNode scalar
                && scalar.value() != null) {
            providerName = scalar.value();
            settings = map.without("provider");
            location = scalar.location();
        } else {
            problems.add(node.get().location(), kind.slot(), "expected a provider name or a mapping with a 'provider' key, e.g. "
                    + kind.slot() + ": {provider: " + kind.defaultName() + "}");
            return Optional.empty();
        }
        Optional<Provider> provider = registry.find(kind, providerName);
        if (provider.isEmpty()) {
            problems.add(location, kind.slot() + ".provider", registry.unknownMessage(kind, providerName));
            return Optional.empty();
        }
        // bind now so that wrong provider settings fail before any run starts
        binder.bind(settings, provider.get().configType(), kind.slot(), problems);
        return Optional.of(new ProviderSlot(kind, providerName, settings, location));
    }

    private Map<String, ConfigNode> platforms(SuiteDocument document, Problems problems) {
        Map<String, ConfigNode> trees = new LinkedHashMap<>();
        for (String name : templates.names(Kind.PLATFORMS)) {
            trees.put(name, env.apply(templates.find(Kind.PLATFORMS, name).orElseThrow(), "platforms." + name, problems));
        }
        document.platforms().forEach((name, tree) -> trees.merge(name, tree, ConfigNode::merge));
        return trees;
    }

    /** The user's tree over the template it names (or, for an entry the user did not define, the template of that name). */
    private ConfigNode withTemplate(Kind kind, String name, ConfigNode user, String path, Problems problems) {
        if (user == null) {
            return env.apply(templates.find(kind, name).orElseThrow(), path, problems);
        }
        if (user instanceof MapNode map && map.get("template") instanceof ScalarNode template && template.value() != null) {
            Optional<ConfigNode> base = templates.find(kind, template.value());
            if (base.isEmpty()) {
                problems.add(template.location(), path + ".template", "unknown template '" + template.value()
                        + "'; shipped: " + describe(templates.names(kind)));
                return user;
            }
            return ConfigNode.merge(env.apply(base.get(), path, problems), user);
        }
        return user;
    }

    /** Test running scores against a label: every repository it runs on needs one. */
    private static void checkGroundTruth(SuiteDocument document, Set<String> allRepositories,
            Map<String, RepositoryDefinition> repositories, Map<String, ConfigNode> trees, Problems problems) {
        Set<String> checked = new LinkedHashSet<>();
        for (RunDefinition run : document.runs()) {
            if (run.benchmark() == Benchmark.TEST_RUNNING) {
                checked.addAll(run.repositories().isEmpty() ? allRepositories : run.repositories());
            }
        }
        for (String name : checked) {
            RepositoryDefinition repository = repositories.get(name);
            if (repository == null) {
                continue; // its binding problem is already reported
            }
            Location at = trees.get(name).location();
            String path = "repositories." + name;
            if (repository.hasTests().isEmpty()) {
                problems.add(at, path + ".has-tests", "the test-running benchmark scores against a ground-truth label:"
                        + " add has-tests: true|false (and frameworks: [...] when it has tests)");
            } else if (repository.hasTests().get() && repository.frameworks().isEmpty()) {
                problems.add(at, path + ".frameworks", "a repository with tests needs its test frameworks as ground truth,"
                        + " e.g. frameworks: [pytest]");
            }
        }
    }

    /** Ground-truth labels score agents: a misspelt framework would fail every agent's detection. */
    private static void checkLabels(RepositoryDefinition repository, MapNode tree, String path, Problems problems) {
        if (repository.hasTests().equals(Optional.of(false)) && !repository.frameworks().isEmpty()) {
            problems.add(tree.keyLocation("frameworks"), path + ".frameworks",
                    "a repository labelled has-tests: false has no test frameworks; drop frameworks or fix has-tests");
        }
        List<String> known = TestRunningJudge.KNOWN_FRAMEWORKS.stream().sorted().toList();
        for (String framework : repository.frameworks()) {
            if (!TestRunningJudge.KNOWN_FRAMEWORKS.contains(TestRunningJudge.framework(framework))) {
                problems.add(tree.keyLocation("frameworks"), path + ".frameworks", "unknown test framework '" + framework + "'"
                        + ConfigBinder.suggestion(framework, known) + "; known: " + String.join(", ", known));
            }
        }
    }

    private void checkFormats(RepositoryDefinition repository, MapNode tree, String path, Problems problems) {
        try {
            if (repository.coverageFormat().isPresent()) {
                parsers.checkCoverageFormat(repository.coverageFormat().get(), tree.keyLocation("coverage-format").toString(),
                        path + ".coverage-format");
            }
            if (repository.testReportFormat().isPresent()) {
                parsers.checkTestFormat(repository.testReportFormat().get(), tree.keyLocation("test-report-format").toString(),
                        path + ".test-report-format");
            }
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
        }
    }

    private static ConfigNode resolvedTree(
            ConfigNode root,
            Map<ProviderKind, ProviderSlot> slots,
            Map<String, ConfigNode> agents,
            Map<String, ConfigNode> repositories) {
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        Location at = root.location();
        if (root instanceof MapNode map && map.get("name") != null) {
            entries.put("name", map.get("name"));
        }
        for (ProviderSlot slot : slots.values()) {
            Map<String, ConfigNode> settings = new LinkedHashMap<>();
            settings.put("provider", new ScalarNode(slot.provider(), slot.location()));
            settings.putAll(slot.settings().entries());
            entries.put(slot.kind().slot(), new MapNode(settings, Map.of(), slot.location()));
        }
        if (root instanceof MapNode map && map.get("runs") != null) {
            entries.put("runs", map.get("runs"));
        }
        entries.put("agents", new MapNode(agents, Map.of(), at));
        entries.put("repositories", new MapNode(repositories, Map.of(), at));
        return new MapNode(entries, Map.of(), at);
    }

    private static String describe(java.util.Collection<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", new ArrayList<>(names));
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}

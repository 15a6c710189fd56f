package dev.drydock.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.drydock.api.RunResult;
import dev.drydock.api.Secret;
import dev.drydock.core.config.ConfigBinder;
import dev.drydock.core.config.ConfigNode;
import dev.drydock.core.config.EnvSubstitution;
import dev.drydock.core.config.Suite;
import dev.drydock.core.config.SuiteLoader;
import dev.drydock.core.config.TemplateCatalog;
import dev.drydock.core.registry.ProviderKind;
import dev.drydock.core.registry.ProviderRegistry;
import dev.drydock.core.registry.ReportParsers;
import dev.drydock.spi.Provider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * drydock's entry point for embedding: load a configuration, describe it, run it.
 *
 * <pre>{@code
 * Drydock drydock = Drydock.create();
 * Suite suite = drydock.load(Path.of("examples/quickstart.yaml"));
 * List<RunResult> results = drydock.run(suite, RunSelection.ALL, RunListener.NONE);
 * System.out.print(SummaryTable.render(results));
 * }</pre>
 */
public final class Drydock {
    private final ProviderRegistry registry;
    private final ReportParsers parsers;
    private final Function<String, @Nullable String> env;
    private final Path cacheDirectory;
    private final Clock clock;
    private final Map<String, String> hostEnvironment;
    private final Path userHome;
    private final Redactor redactor = new Redactor();
    private final ConfigBinder binder = new ConfigBinder(redactor::register);
    private final TemplateCatalog templates = new TemplateCatalog();

    private Drydock(Builder builder) {
        ClassLoader loader = builder.classLoader;
        this.registry = builder.registry != null ? builder.registry : ProviderRegistry.load(loader);
        this.parsers = ReportParsers.load(loader);
        this.env = builder.env;
        this.cacheDirectory = builder.cacheDirectory != null ? builder.cacheDirectory : defaultCacheDirectory(builder.env);
        this.clock = builder.clock;
        this.hostEnvironment = builder.hostEnvironment;
        this.userHome = builder.userHome;
        // keys in drydock's own environment are secrets whether or not a configuration uses them
        builder.hostEnvironment.forEach((name, value) -> {
            if (Redactor.SECRET_NAME.matcher(name).matches()) {
                redactor.register(value);
            }
        });
    }

    /** Providers and parsers from the class path, the process environment, the user's cache folder. */
    public static Drydock create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** drydock's version, from the jar manifest ({@code dev} when run from classes). */
    public static String version() {
        String version = Drydock.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Loads and validates a configuration; every problem is reported at once. */
    public Suite load(Path file) {
        Suite suite = loader().load(file);
        registerEnvironmentSecrets(suite.resolved());
        return suite;
    }

    /** Loads configuration text as if it were {@code file} (relative paths resolve against its folder). */
    public Suite load(String text, Path file) {
        Suite suite = loader().load(text, file);
        registerEnvironmentSecrets(suite.resolved());
        return suite;
    }

    /**
     * The shipped templates of real projects (those with a {@code catalog} section), by name, each
     * resolved with its platform's defaults and checked like any configuration's repository.
     */
    public java.util.SortedMap<String, dev.drydock.core.config.RepositoryDefinition> catalog() {
        StringBuilder yaml = new StringBuilder("name: catalog\nruns: [{agents: [noop]}]\nagents: {noop: {template: noop}}\n"
                + "repositories:\n");
        for (String name : templates.names(TemplateCatalog.Kind.REPOSITORIES)) {
            if (templates.find(TemplateCatalog.Kind.REPOSITORIES, name)
                    .filter(tree -> tree instanceof dev.drydock.core.config.ConfigNode.MapNode map && map.get("catalog") != null)
                    .isPresent()) {
                yaml.append("  ").append(name).append(": {template: ").append(name).append("}\n");
            }
        }
        return new java.util.TreeMap<>(load(yaml.toString(), Path.of("catalog.yaml").toAbsolutePath()).repositories());
    }

    /** The configuration as resolved (templates merged, environment substituted) in YAML, secrets redacted. */
    public String describe(Suite suite) {
        Set<String> secretKeys = new java.util.HashSet<>();
        for (ProviderKind kind : ProviderKind.values()) {
            registry.find(kind, suite.slot(kind).provider()).map(Provider::secretKeys).ifPresent(secretKeys::addAll);
        }
        Object plain = plain(suite.resolved(), "", secretKeys);
        try {
            YAMLMapper mapper = new YAMLMapper(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                    .build());
            return redactor.redact(mapper.writeValueAsString(plain));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<RunPlan> plan(Suite suite, RunSelection selection) {
        return runner().plan(suite, selection);
    }

    /** Runs the suite; each result is stored as soon as its run ends. */
    public List<RunResult> run(Suite suite, RunSelection selection, RunListener listener) {
        return runner().run(suite, selection, listener);
    }

    /**
     * Measures the reference run of every repository with a ground-truth label (or only {@code repository})
     * and writes the numbers to the lock file next to the configuration ({@link CalibrationLock#fileFor}).
     */
    public List<SuiteRunner.Calibration> calibrate(Suite suite, java.util.Optional<String> repository,
            java.util.function.Consumer<String> progress) {
        return runner().calibrate(suite, repository, progress);
    }

    /** The result of run {@code runId} in the store {@code suite} configures, if it is there. */
    public java.util.Optional<RunResult> find(Suite suite, String runId) {
        return runner().find(suite, runId);
    }

    /** The results in the store {@code suite} configures that match {@code query}, oldest first. */
    public java.util.List<RunResult> list(Suite suite, dev.drydock.spi.RunQuery query) {
        return runner().list(suite, query);
    }

    /** Redacts registered secrets (configuration secrets, run keys) from text. */
    public String redact(String text) {
        return redactor.redact(text);
    }

    public ProviderRegistry registry() {
        return registry;
    }

    private SuiteLoader loader() {
        return new SuiteLoader(registry, parsers, templates, new EnvSubstitution(env), binder);
    }

    private SuiteRunner runner() {
        return new SuiteRunner(registry, parsers, binder, redactor, cacheDirectory, clock, version(), hostEnvironment, userHome);
    }

    /** Values substituted from secret-looking variables ({@code *_KEY}, {@code *TOKEN*}, ...) are secrets. */
    private void registerEnvironmentSecrets(ConfigNode node) {
        if (node instanceof ConfigNode.MapNode map) {
            map.entries().values().forEach(this::registerEnvironmentSecrets);
        } else if (node instanceof ConfigNode.ListNode list) {
            list.items().forEach(this::registerEnvironmentSecrets);
        } else if (node instanceof ConfigNode.ScalarNode scalar) {
            for (String name : scalar.fromEnv()) {
                String value = env.apply(name);
                if (value != null && Redactor.SECRET_NAME.matcher(name).matches()) {
                    redactor.register(value);
                }
            }
        }
    }

    private static @Nullable Object plain(ConfigNode node, String key, Set<String> secretKeys) {
        if (node instanceof ConfigNode.MapNode map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.entries().forEach((k, v) -> out.put(k, plain(v, k, secretKeys)));
            return out;
        }
        if (node instanceof ConfigNode.ListNode list) {
            List<Object> out = new ArrayList<>();
            list.items().forEach(item -> out.add(plain(item, key, secretKeys)));
            return out;
        }
        String value = ((ConfigNode.ScalarNode) node).value();
        if (value != null && (secretKeys.contains(key) || Redactor.SECRET_NAME.matcher(key).matches())) {
            return Secret.REDACTED;
        }
        return value;
    }

    static Path defaultCacheDirectory(Function<String, @Nullable String> env) {
        String explicit = env.apply("DRYDOCK_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.apply("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "drydock");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "drydock");
    }

    public static final class Builder {
        private ClassLoader classLoader = Objects.requireNonNullElse(
                Thread.currentThread().getContextClassLoader(), Drydock.class.getClassLoader());
        private @Nullable ProviderRegistry registry;
        private Function<String, @Nullable String> env = System::getenv;
        private @Nullable Path cacheDirectory;
        private Clock clock = Clock.systemUTC();
        private Map<String, String> hostEnvironment = System.getenv();
        private Path userHome = Path.of(System.getProperty("user.home"));

        private Builder() {}

        /**
         * The environment drydock runs in, instead of the process's: {@code ${VAR}} in configurations
         * is looked up in it, every provider reads it ({@code ProviderContext.environment()}), and
         * values of variables named like secrets are redacted everywhere.
         */
        public Builder env(Map<String, String> env) {
            Map<String, String> copy = Map.copyOf(Objects.requireNonNull(env, "env is null"));
            this.env = copy::get;
            this.hostEnvironment = copy;
            return this;
        }

        /** The home folder providers take as the user's (toolchains under it), instead of {@code user.home}. */
        public Builder userHome(Path userHome) {
            this.userHome = Objects.requireNonNull(userHome, "userHome is null");
            return this;
        }

        /**
         * drydock's own environment (default: the process's), as providers read it: values of
         * variables named like secrets ({@code *KEY*}, {@code *TOKEN*}, …) are redacted everywhere,
         * used by the configuration or not.
         */
        public Builder hostEnvironment(Map<String, String> hostEnvironment) {
            this.hostEnvironment = Map.copyOf(Objects.requireNonNull(hostEnvironment, "hostEnvironment is null"));
            return this;
        }

        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader is null");
            return this;
        }

        /** Use exactly these providers instead of the class path's. */
        public Builder registry(ProviderRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry is null");
            return this;
        }

        /** Where {@code ${VAR}} in configurations is looked up (default: the process environment). */
        public Builder env(Function<String, @Nullable String> env) {
            this.env = Objects.requireNonNull(env, "env is null");
            return this;
        }

        public Builder cacheDirectory(Path cacheDirectory) {
            this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory is null");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock is null");
            return this;
        }

        public Drydock build() {
            return new Drydock(this);
        }
    }
}

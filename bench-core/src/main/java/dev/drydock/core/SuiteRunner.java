package dev.drydock.core;

import dev.drydock.api.ConfigProblem;
import dev.drydock.api.ConfigurationException;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.core.config.Benchmark;
import dev.drydock.core.config.RepositoryDefinition;
import dev.drydock.core.config.RunDefinition;
import dev.drydock.core.config.Suite;
import dev.drydock.core.config.TargetDefinition;
import dev.drydock.core.registry.ProviderKind;
import dev.drydock.core.registry.ProviderRegistry;
import dev.drydock.core.registry.ReportParsers;
import dev.drydock.core.repository.RepositoryResolver;
import dev.drydock.core.repository.ResolvedRepository;
import dev.drydock.spi.LlmProxy;
import dev.drydock.spi.LlmProxyProvider;
import dev.drydock.spi.ResultStore;
import dev.drydock.spi.ResultStoreProvider;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceProvider;
import dev.drydock.core.config.ConfigBinder;
import dev.drydock.core.config.NodeProviderConfig;
import dev.drydock.core.config.ProviderSlot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a {@link Suite}: plans its runs, opens the store, the workspace backend and the LLM proxy
 * once, executes the runs one after another and saves each result as soon as it exists. A run that
 * fails is recorded and the next one starts; only a provider that cannot be created stops the suite.
 */
public final class SuiteRunner {
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final ProviderRegistry registry;
    private final ReportParsers parsers;
    private final ConfigBinder binder;
    private final Redactor redactor;
    private final Path cacheDirectory;
    private final Clock clock;
    private final String version;

    private final Map<String, String> environment;
    private final Path userHome;

    SuiteRunner(
            ProviderRegistry registry,
            ReportParsers parsers,
            ConfigBinder binder,
            Redactor redactor,
            Path cacheDirectory,
            Clock clock,
            String version,
            Map<String, String> environment,
            Path userHome) {
        this.environment = Map.copyOf(environment);
        this.userHome = userHome;
        this.registry = registry;
        this.parsers = parsers;
        this.binder = binder;
        this.redactor = redactor;
        this.cacheDirectory = cacheDirectory;
        this.clock = clock;
        this.version = version;
    }

    /** The runs a suite would execute with this selection, in order. */
    public List<RunPlan> plan(Suite suite, RunSelection selection) {
        selection.agent().ifPresent(agent -> requireKnown("agent", agent, suite.agents().keySet(), suite));
        selection.repository().ifPresent(repo -> requireKnown("repository", repo, suite.repositories().keySet(), suite));
        List<RunPlan> plans = new ArrayList<>();
        String stamp = RUN_ID_TIME.format(clock.instant());
        for (RunDefinition run : suite.runs()) {
            List<String> agents = run.agents().isEmpty() ? List.copyOf(suite.agents().keySet()) : run.agents();
            List<String> repositories = run.repositories().isEmpty() ? List.copyOf(suite.repositories().keySet()) : run.repositories();
            for (String repositoryName : repositories) {
                if (selection.repository().filter(r -> !r.equals(repositoryName)).isPresent()) {
                    continue;
                }
                RepositoryDefinition repository = suite.repositories().get(repositoryName);
                List<Optional<TargetDefinition>> targets = repository.targets().isEmpty() || run.benchmark() == Benchmark.TEST_RUNNING
                        ? List.of(Optional.empty())
                        : repository.targets().stream().map(Optional::of).toList();
                for (Optional<TargetDefinition> target : targets) {
                    for (String agentName : agents) {
                        if (selection.agent().filter(a -> !a.equals(agentName)).isPresent()) {
                            continue;
                        }
                        for (int repetition = 1; repetition <= run.repetitions(); repetition++) {
                            String runId = stamp + "-" + UUID.randomUUID().toString().substring(0, 8);
                            plans.add(new RunPlan(runId, suite.name(), run.benchmark(), agentName,
                                    suite.agents().get(agentName), repositoryName, repository, target, repetition,
                                    run.testRuns(), run.prompt().orElse(run.benchmark().defaultPrompt()), run.tolerance()));
                        }
                    }
                }
            }
        }
        if (plans.isEmpty()) {
            throw new ConfigurationException(new ConfigProblem(suite.file().toString(), "runs",
                    "no run matches the selection " + selection));
        }
        return plans;
    }

    public List<RunResult> run(Suite suite, RunSelection selection, RunListener listener) {
        List<RunPlan> plans = plan(suite, selection);
        CalibrationLock lock = CalibrationLock.read(CalibrationLock.fileFor(suite.file()));
        CoreProviderContext context = context(suite);
        List<RunResult> results = new ArrayList<>();
        List<String> storeFailures = new ArrayList<>();
        try (ResultStore store = create(suite, ProviderKind.STORE, ResultStoreProvider.class, context,
                        (p, c) -> p.create(c, context));
                WorkspaceBackend workspaces = create(suite, ProviderKind.WORKSPACE, WorkspaceProvider.class, context,
                        (p, c) -> p.create(c, context));
                LlmProxy llm = create(suite, ProviderKind.LLM, LlmProxyProvider.class, context,
                        (p, c) -> p.create(c, context))) {
            store.verifyWritable(); // before hours of runs, not after the first
            Map<String, String> environment = new TreeMap<>();
            environment.put("drydock", version);
            for (ProviderKind kind : ProviderKind.values()) {
                ProviderSlot slot = suite.slot(kind);
                environment.put(kind.slot(), slot.provider() + " " + registry.find(kind, slot.provider()).orElseThrow().version());
            }
            RunServices services = services(suite, workspaces, llm, environment);
            RunJournal journal = new RunJournal(cacheDirectory);
            for (RunResult interrupted : journal.interrupted(suite.file())) {
                store.save(interrupted);
                journal.finished(interrupted.runId());
                listener.interruptedRunRecorded(interrupted);
            }
            Map<String, RunResult> done = selection.resume() ? judgedRuns(store, suite) : Map.of();
            TestWritingBenchmark writing = new TestWritingBenchmark(services, listener);
            TestRunningBenchmark running = new TestRunningBenchmark(services, new References(services, lock), listener);
            for (int i = 0; i < plans.size(); i++) {
                RunPlan plan = plans.get(i);
                Optional<RunResult> stored = done.isEmpty() ? Optional.empty() : resolvedKey(services, plan).map(done::get);
                if (stored.isPresent()) {
                    results.add(stored.get());
                    listener.runSkipped(plan, stored.get(), i + 1, plans.size());
                    continue;
                }
                listener.runStarted(plan, i + 1, plans.size());
                journal.started(plan, suite.file(), clock.instant());
                RunResult result = plan.benchmark() == Benchmark.TEST_RUNNING ? running.run(plan) : writing.run(plan);
                try {
                    store.save(result);
                    journal.finished(plan.runId());
                } catch (RuntimeException e) {
                    storeFailures.add(plan.runId() + ": " + e.getMessage());
                    listener.storeFailed(result, e);
                }
                results.add(result);
                listener.runFinished(result, i + 1, plans.size());
            }
        }
        if (!storeFailures.isEmpty()) {
            throw new SuiteStoreException(results, storeFailures);
        }
        return results;
    }

    /** The suite's stored runs whose agent was judged, by what they ran (the latest of each). */
    private static Map<String, RunResult> judgedRuns(ResultStore store, Suite suite) {
        Map<String, RunResult> judged = new java.util.HashMap<>();
        for (RunResult result : store.list(new dev.drydock.spi.RunQuery(Optional.of(suite.name()), Optional.empty(),
                Optional.empty(), 0))) {
            if (result.status() != RunStatus.INFRASTRUCTURE_FAILED && result.status() != RunStatus.INTERRUPTED) {
                judged.put(key(result.benchmark(), result.agent().name(), result.repository().name(),
                        result.repository().commit(), result.target(), result.repetition()), result);
            }
        }
        return judged;
    }

    /** What a plan runs, with its repository's commit resolved; empty when it cannot be resolved (then it runs). */
    private static Optional<String> resolvedKey(RunServices services, RunPlan plan) {
        try {
            String commit = services.repositories().apply(plan.repositoryName()).commit();
            return Optional.of(key(plan.benchmark().id(), plan.agentName(), plan.repositoryName(), commit,
                    plan.target().map(t -> t.file()), plan.repetition()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String key(String benchmark, String agent, String repository, String commit, Optional<String> target,
            int repetition) {
        return String.join("\u0000", benchmark, agent, repository, commit, target.orElse(""), String.valueOf(repetition));
    }

    /**
     * Runs the reference recipe of every repository with a ground-truth label (or of the one named)
     * in a fresh workspace and records the numbers in the lock file next to the configuration.
     * Repositories without tests or whose tests need services have nothing to measure.
     */
    public List<Calibration> calibrate(Suite suite, Optional<String> only, java.util.function.Consumer<String> progress) {
        only.ifPresent(repo -> requireKnown("repository", repo, suite.repositories().keySet(), suite));
        Path lockFile = CalibrationLock.fileFor(suite.file());
        CalibrationLock lock = CalibrationLock.read(lockFile);
        CoreProviderContext context = context(suite);
        List<Calibration> calibrations = new ArrayList<>();
        try (WorkspaceBackend workspaces = create(suite, ProviderKind.WORKSPACE, WorkspaceProvider.class, context,
                        (p, c) -> p.create(c, context));
                LlmProxy none = new dev.drydock.core.llm.NoLlmProxyProvider().create(
                        new NodeProviderConfig("llm", dev.drydock.core.config.ConfigNode.MapNode.empty(
                                dev.drydock.core.config.Location.of(suite.file().toString())), binder), context)) {
            RunServices services = services(suite, workspaces, none, Map.of("drydock", version));
            References references = new References(services, CalibrationLock.EMPTY);
            for (Map.Entry<String, RepositoryDefinition> entry : suite.repositories().entrySet()) {
                String name = entry.getKey();
                RepositoryDefinition repository = entry.getValue();
                if (only.filter(n -> !n.equals(name)).isPresent() || repository.hasTests().isEmpty()) {
                    continue;
                }
                if (!repository.hasTests().get() || repository.needsServices()) {
                    calibrations.add(new Calibration(name, Optional.empty(), Optional.of(repository.hasTests().get()
                            ? "its tests need services: nothing drydock can measure" : "no tests: nothing to measure"),
                            Optional.empty()));
                    continue;
                }
                progress.accept(name + ": repository");
                try {
                    CalibrationLock.Entry measured = references.measure(name, repository, services.repositories().apply(name),
                            step -> progress.accept(name + ": " + step));
                    lock = lock.with(name, measured);
                    lock.write(lockFile);
                    calibrations.add(new Calibration(name, Optional.of(measured), Optional.empty(), Optional.empty()));
                } catch (RunFailure failure) {
                    calibrations.add(new Calibration(name, Optional.empty(), Optional.empty(), Optional.of(failure.error)));
                } catch (DrydockException e) {
                    calibrations.add(new Calibration(name, Optional.empty(), Optional.empty(),
                            Optional.of(new dev.drydock.api.RunError(e.code(), redactor.redact(e.getMessage()), ""))));
                }
            }
        }
        return calibrations;
    }

    /**
     * One repository's calibration: its measured entry, or why it has none.
     *
     * @param repository the repository's name
     * @param entry what was measured and written to the lock file (each entry as soon as it is measured)
     * @param skipped why nothing was measured, by its label
     * @param error why the measurement failed
     */
    public record Calibration(String repository, Optional<CalibrationLock.Entry> entry, Optional<String> skipped,
            Optional<dev.drydock.api.RunError> error) {}

    private RunServices services(Suite suite, WorkspaceBackend workspaces, LlmProxy llm, Map<String, String> environment) {
        RepositoryResolver resolver = new RepositoryResolver(cacheDirectory, suite.baseDirectory());
        Map<String, ResolvedRepository> resolved = new ConcurrentHashMap<>();
        return new RunServices(workspaces, llm, parsers,
                name -> resolved.computeIfAbsent(name, n -> {
                    RepositoryDefinition repository = suite.repositories().get(n);
                    return resolver.resolve(repository.url(), repository.commit());
                }),
                redactor, clock, new Pricing(suite.prices()), environment, suite.baseDirectory());
    }

    @FunctionalInterface
    private interface Factory<P, T> {
        T create(P provider, NodeProviderConfig config);
    }

    private CoreProviderContext context(Suite suite) {
        return new CoreProviderContext(suite.baseDirectory(), cacheDirectory, clock, redactor, new Pricing(suite.prices()),
                environment, userHome);
    }

    /** A stored result of this suite's store, by run id. */
    public Optional<RunResult> find(Suite suite, String runId) {
        try (ResultStore store = store(suite)) {
            return store.find(runId);
        }
    }

    public List<RunResult> list(Suite suite, dev.drydock.spi.RunQuery query) {
        try (ResultStore store = store(suite)) {
            return store.list(query);
        }
    }

    private ResultStore store(Suite suite) {
        CoreProviderContext context = context(suite);
        return create(suite, ProviderKind.STORE, ResultStoreProvider.class, context, (p, c) -> p.create(c, context));
    }

    private <P extends dev.drydock.spi.Provider, T> T create(
            Suite suite, ProviderKind kind, Class<P> type, CoreProviderContext context, Factory<P, T> factory) {
        ProviderSlot slot = suite.slot(kind);
        P provider = registry.require(kind, slot.provider(), slot.location().toString(), type);
        try {
            return factory.create(provider, new NodeProviderConfig(kind.slot(), slot.settings(), binder));
        } catch (ConfigurationException e) {
            throw e;
        } catch (DrydockException e) {
            throw new DrydockException(e.code(), kind.slot() + " provider '" + slot.provider() + "' could not start: "
                    + redactor.redact(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, kind.slot() + " provider '" + slot.provider()
                    + "' could not start: " + redactor.redact(String.valueOf(e)), e);
        }
    }

    private static void requireKnown(String what, String name, java.util.Set<String> known, Suite suite) {
        if (!known.contains(name)) {
            throw new ConfigurationException(new ConfigProblem(suite.file().toString(), "--" + what,
                    "no " + what + " '" + name + "' in this configuration; there are: " + String.join(", ", known)));
        }
    }

    /** Runs finished but some results could not be stored; carries every result so none is lost. */
    public static final class SuiteStoreException extends DrydockException {
        private static final long serialVersionUID = 1L;
        private final transient List<RunResult> results;

        SuiteStoreException(List<RunResult> results, List<String> failures) {
            super(ErrorCode.STORE, "could not store " + failures.size() + " result(s): " + String.join("; ", failures));
            this.results = List.copyOf(results);
        }

        public List<RunResult> results() {
            return results;
        }
    }
}

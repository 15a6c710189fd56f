package dev.drydock.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ExecResult;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceSpec;
import dev.drydock.testkit.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local}'s setup snapshots: a later workspace of the same repository, commit, recipe and
 * environment starts from a copy of the set-up one, at the same path as commands see it, and no
 * agent can change what the next one starts from.
 */
class LocalSetupSnapshotTest {
    /** Writes what a virtualenv writes: files naming the absolute path they were made at. */
    private static final String SETUP = "mkdir -p .venv && echo \"$PWD\" > .venv/made-at && echo tool > \"$HOME/installed\"";

    @TempDir
    Path temp;
    private String origin;
    private String commit;
    private LocalWorkspaceBackend backend;

    @BeforeEach
    void repository() {
        Path repository = temp.resolve("origin");
        commit = GitFixture.createRepository(repository, Map.of("src/app.txt", "v1\n", ".gitignore", ".venv/\n"));
        origin = repository.toString();
        backend = new LocalWorkspaceBackend(temp.resolve("workspaces"), LocalWorkspaceConfig.defaults(List.of("PATH")),
                System.getenv(), List.of(), temp.resolve("cache"));
    }

    @AfterEach
    void close() {
        backend.close();
    }

    private Workspace provision(String runId, String setup) {
        return backend.provision(new WorkspaceSpec(runId, origin, commit, Map.of("DRYDOCK_RUN_ID", runId), setup));
    }

    private static ExecResult run(Workspace workspace, ExecPhase phase, String command) {
        return workspace.exec(ExecRequest.of(command, Duration.ofSeconds(60)).inPhase(phase));
    }

    private static String read(Workspace workspace, String path) {
        return new String(workspace.readFile(path), StandardCharsets.UTF_8);
    }

    private List<Path> snapshots() throws Exception {
        Path setups = temp.resolve("cache/setups");
        if (!Files.isDirectory(setups)) {
            return List.of();
        }
        try (Stream<Path> saved = Files.list(setups)) {
            return saved.filter(path -> !path.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void aLaterWorkspaceStartsFromTheSavedSetupAtTheSamePathAsCommandsSeeIt() throws Exception {
        String madeAt;
        try (Workspace first = provision("run-1", SETUP)) {
            assertThat(first.setupRestored()).isFalse();
            assertThat(run(first, ExecPhase.SETUP, SETUP).succeeded()).isTrue();
            madeAt = read(first, ".venv/made-at").strip();
            assertThat(madeAt).isEqualTo(first.projectRoot());
            assertThat(first.saveSetup()).isTrue();
            assertThat(first.saveSetup()).as("saved once").isFalse();
        }
        assertThat(snapshots()).hasSize(1);
        try (Workspace second = provision("run-2", SETUP)) {
            assertThat(second.setupRestored()).as("another run of the same repository, commit and recipe").isTrue();
            assertThat(second.projectRoot()).isEqualTo(madeAt);
            assertThat(run(second, ExecPhase.MEASURE, "cat .venv/made-at \"$HOME/installed\"; git status --porcelain").stdout())
                    .isEqualTo(madeAt + "\ntool\n");
            assertThat(second.saveSetup()).as("a restored workspace is not saved again").isFalse();
        }
        try (Workspace other = provision("run-3", SETUP + " && true")) {
            assertThat(other.setupRestored()).as("another recipe has its own").isFalse();
        }
        try (Workspace otherVariables = backend.provision(new WorkspaceSpec("run-4", origin, commit,
                Map.of("DRYDOCK_RUN_ID", "run-4", "DRYDOCK_PYTHON_GROUPS", "dev"), SETUP))) {
            assertThat(otherVariables.setupRestored()).as("variables the setup may read are part of the key").isFalse();
        }
    }

    /** The spare copy of the saved setup, once the background copy made it. */
    private Path awaitSpare() throws Exception {
        Path setups = temp.resolve("cache/setups");
        for (int waited = 0; waited < 600; waited++) {
            try (Stream<Path> files = Files.list(setups)) {
                Optional<Path> spare = files.filter(path -> path.getFileName().toString().startsWith(".spare-")).findFirst();
                if (spare.isPresent()) {
                    return spare.get();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no spare copy appeared in " + setups + " within a minute");
    }

    private static Object inode(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    @Test
    void aLaterWorkspaceTakesTheSpareCopyByRenamingItAndAnotherIsMade() throws Exception {
        try (Workspace first = provision("run-1", SETUP)) {
            run(first, ExecPhase.SETUP, SETUP);
            assertThat(first.saveSetup()).isTrue();
        }
        Path spare = awaitSpare();
        Path saved = snapshots().get(0);
        assertThat(spare.getFileName().toString()).isEqualTo(".spare-" + saved.getFileName());
        Object spareFile = inode(spare.resolve("repo/.venv/made-at"));
        assertThat(spareFile).as("a copy, not the saved setup's file").isNotEqualTo(inode(saved.resolve("repo/.venv/made-at")));
        try (Workspace second = provision("run-2", SETUP)) {
            assertThat(second.setupRestored()).isTrue();
            Path folder;
            try (Stream<Path> folders = Files.list(temp.resolve("workspaces"))) {
                folder = folders.filter(path -> path.getFileName().toString().startsWith("drydock-run-2-")).findFirst().orElseThrow();
            }
            assertThat(inode(folder.resolve("repo/.venv/made-at"))).as("the spare, renamed into the workspace").isEqualTo(spareFile);
            assertThat(run(second, ExecPhase.MEASURE, "cat .venv/made-at \"$HOME/installed\"").stdout())
                    .isEqualTo(second.projectRoot() + "\ntool\n");
            // what an agent does to the files it started with reaches neither the saved setup nor the next spare
            run(second, ExecPhase.AGENT, "echo poisoned > .venv/made-at; echo poisoned > \"$HOME/installed\"");
            Path next = awaitSpare();
            assertThat(inode(next.resolve("repo/.venv/made-at"))).as("a new spare").isNotEqualTo(spareFile);
        }
        try (Workspace third = provision("run-3", SETUP)) {
            assertThat(third.setupRestored()).isTrue();
            assertThat(run(third, ExecPhase.MEASURE, "cat .venv/made-at \"$HOME/installed\"").stdout())
                    .isEqualTo(third.projectRoot() + "\ntool\n");
        }
        backend.close();
        try (Stream<Path> left = Files.list(temp.resolve("cache/setups"))) {
            assertThat(left.map(path -> path.getFileName().toString()))
                    .as("closing deletes the spares and gives up the one being made").containsExactly(saved.getFileName().toString());
        }
    }

    @Test
    void anAgentCannotChangeWhatTheNextWorkspaceStartsFrom() throws Exception {
        try (Workspace first = provision("run-1", SETUP)) {
            run(first, ExecPhase.SETUP, SETUP);
            assertThat(first.saveSetup()).isTrue();
        }
        Path saved = snapshots().get(0);
        try (Workspace restored = provision("run-2", SETUP)) {
            ExecResult poison = run(restored, ExecPhase.AGENT, "echo poisoned > .venv/made-at; echo poisoned > \"$HOME/installed\";"
                    + " ls '" + saved + "' 2>&1; echo poisoned > '" + saved + "/repo/.venv/made-at'; true");
            assertThat(poison.stdout()).doesNotContain("repo");
            assertThat(read(restored, ".venv/made-at")).isEqualTo("poisoned\n");
            assertThat(restored.saveSetup()).isFalse();
        }
        try (Workspace next = provision("run-3", SETUP)) {
            assertThat(next.setupRestored()).isTrue();
            assertThat(run(next, ExecPhase.MEASURE, "cat .venv/made-at \"$HOME/installed\"").stdout())
                    .isEqualTo(next.projectRoot() + "\ntool\n");
        }
    }

    @Test
    void aWorkspaceAnAgentRanInOrWhoseSetupChangedTrackedFilesIsNotSaved() throws Exception {
        try (Workspace agentFirst = provision("run-1", SETUP)) {
            run(agentFirst, ExecPhase.AGENT, "echo agent > .venv-agent");
            run(agentFirst, ExecPhase.SETUP, SETUP);
            assertThat(agentFirst.saveSetup()).isFalse();
        }
        String changing = SETUP + " && echo changed > src/app.txt";
        try (Workspace changed = provision("run-2", changing)) {
            run(changed, ExecPhase.SETUP, changing);
            assertThat(changed.saveSetup()).isFalse();
        }
        assertThat(snapshots()).isEmpty();
        try (Workspace unsaved = provision("run-3", SETUP)) {
            assertThat(unsaved.setupRestored()).isFalse();
        }
    }

    @Test
    void theLeastRecentlyUsedSetupsGoBeyondTheKeptNumber() throws Exception {
        LocalWorkspaceConfig d = LocalWorkspaceConfig.defaults(List.of("PATH"));
        LocalWorkspaceConfig keepOne = new LocalWorkspaceConfig(d.root(), d.inheritEnv(), d.env(), d.killGrace(), false,
                d.isolation(), 1000, List.of(), d.memoryLimit(), d.processLimit(), d.setupNetwork(), d.agentNetwork(),
                d.measureNetwork(), true, 1, true);
        // what a drydock killed while saving left, two days ago
        Path abandoned = Files.createDirectories(temp.resolve("cache/setups/.partial-killed/repo"));
        Files.setLastModifiedTime(abandoned.getParent(),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(Duration.ofDays(2))));
        try (LocalWorkspaceBackend small = new LocalWorkspaceBackend(temp.resolve("workspaces"), keepOne, System.getenv(),
                List.of(), temp.resolve("cache"))) {
            for (String recipe : List.of(SETUP, SETUP + " && echo second")) {
                try (Workspace workspace = small.provision(new WorkspaceSpec("run", origin, commit, Map.of(), recipe))) {
                    run(workspace, ExecPhase.SETUP, recipe);
                    assertThat(workspace.saveSetup()).isTrue();
                }
            }
            assertThat(snapshots()).hasSize(1);
            assertThat(abandoned.getParent()).doesNotExist();
            try (Workspace latest = small.provision(new WorkspaceSpec("run", origin, commit, Map.of(), SETUP + " && echo second"));
                    Workspace evicted = small.provision(new WorkspaceSpec("run", origin, commit, Map.of(), SETUP))) {
                assertThat(latest.setupRestored()).isTrue();
                assertThat(evicted.setupRestored()).isFalse();
            }
        }
    }

    @Test
    void snapshotsCanBeTurnedOffAndNeedTheSandbox() throws Exception {
        for (LocalWorkspaceConfig config : List.of(LocalWorkspaceConfig.defaults(List.of("PATH")).withSnapshots(false),
                LocalWorkspaceConfig.defaults(List.of("PATH")).withIsolation(LocalWorkspaceConfig.Isolation.NONE))) {
            try (LocalWorkspaceBackend off = new LocalWorkspaceBackend(temp.resolve("workspaces"), config, System.getenv(),
                    List.of(), temp.resolve("cache-off"))) {
                for (String run : List.of("run-1", "run-2")) {
                    try (Workspace workspace = off.provision(new WorkspaceSpec(run, origin, commit, Map.of(), SETUP))) {
                        assertThat(workspace.setupRestored()).isFalse();
                        run(workspace, ExecPhase.SETUP, SETUP);
                        assertThat(workspace.saveSetup()).isFalse();
                    }
                }
            }
        }
        assertThat(temp.resolve("cache-off/setups")).doesNotExist();
    }
}

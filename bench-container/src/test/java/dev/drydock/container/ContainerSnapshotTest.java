package dev.drydock.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.NetworkPolicy;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceSpec;
import dev.drydock.testkit.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Setup snapshots on real podman: saved after the repository's setup, reused by later workspaces of the same key only. */
class ContainerSnapshotTest {
    @TempDir
    Path temp;
    private WorkspaceBackend backend;
    private String repository;
    private String commit;
    /** A recipe no earlier test run saved a snapshot of. */
    private final String setup = "echo built-" + System.nanoTime() + " > built.txt";

    @BeforeEach
    void setUp() {
        repository = temp.resolve("origin").toString();
        commit = GitFixture.createRepository(temp.resolve("origin"), Map.of("README.md", "x\n"));
        backend = ContainerWorkspaceProvider.open(ContainerWorkspaceContractTest.testConfig(NetworkPolicy.OPEN),
                ContainerWorkspaceContractTest.stateDirectory(), System.getenv());
    }

    @AfterEach
    void tearDown() {
        backend.close();
    }

    private Workspace provision(String recipe) {
        return provision(recipe, Map.of());
    }

    private Workspace provision(String recipe, Map<String, String> env) {
        return backend.provision(new WorkspaceSpec("snapshot", repository, commit, env, recipe));
    }

    private static void runSetup(Workspace workspace, String recipe) {
        assertThat(workspace.exec(ExecRequest.of(recipe, Duration.ofSeconds(30)).inPhase(ExecPhase.SETUP)).succeeded()).isTrue();
    }

    @Test
    void aLaterWorkspaceStartsFromTheSavedSetup() {
        try (Workspace first = provision(setup, Map.of("DRYDOCK_RUN_ID", "first"))) {
            assertThat(first.setupRestored()).isFalse();
            runSetup(first, setup);
            assertThat(first.saveSetup()).isTrue();
            assertThat(first.saveSetup()).as("saved once").isFalse();
        }
        try (Workspace second = provision(setup, Map.of("DRYDOCK_RUN_ID", "second"))) {
            assertThat(second.setupRestored()).as("another run: only its id differs").isTrue();
            assertThat(new String(second.readFile("built.txt"), StandardCharsets.UTF_8)).startsWith("built-");
            assertThat(second.exec(ExecRequest.of("git rev-parse HEAD && id -u", Duration.ofSeconds(30))).stdout())
                    .isEqualTo(commit + "\n1000\n");
            assertThat(second.saveSetup()).as("a restored workspace is not saved again").isFalse();
            assertThat(second.exec(ExecRequest.of("echo $DRYDOCK_RUN_ID", Duration.ofSeconds(30))).stdout())
                    .as("the first run's variables are not in the snapshot").isEqualTo("second\n");
        }
        try (Workspace otherVariables = provision(setup, Map.of("DRYDOCK_PYTHON_GROUPS", "dev"))) {
            assertThat(otherVariables.setupRestored()).as("variables the setup may read are part of the key").isFalse();
        }
        try (Workspace other = provision(setup + " # another recipe")) {
            assertThat(other.setupRestored()).as("another recipe has its own snapshot").isFalse();
            assertThat(other.exists("built.txt")).isFalse();
        }
    }

    @Test
    void aWorkspaceAnAgentRanInIsNeverSaved() {
        try (Workspace poisoned = provision(setup)) {
            runSetup(poisoned, setup);
            poisoned.exec(ExecRequest.of("echo poison > built.txt", Duration.ofSeconds(30)).inPhase(ExecPhase.AGENT));
            assertThat(poisoned.saveSetup()).isFalse();
        }
        try (Workspace next = provision(setup)) {
            assertThat(next.setupRestored()).isFalse();
        }
    }

    @Test
    void aSetupThatChangesTrackedFilesIsNotSaved() {
        String rewriting = setup + " && echo changed > README.md";
        try (Workspace workspace = provision(rewriting)) {
            runSetup(workspace, rewriting);
            assertThat(workspace.saveSetup()).isFalse();
        }
    }

    @Test
    void noSnapshotWithoutARecipe() {
        try (Workspace workspace = provision("")) {
            assertThat(workspace.saveSetup()).isFalse();
        }
    }
}

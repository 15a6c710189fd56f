package dev.drydock.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.Isolation;
import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ExecResult;
import dev.drydock.spi.NetworkPolicy;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceSpec;
import dev.drydock.testkit.GitFixture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code local}'s sandbox does beyond the contract: the sandbox user, phases, shared caches, network none, hidden paths. */
class LocalSandboxTest {
    @TempDir
    Path temp;

    private Workspace workspace(LocalWorkspaceConfig config, Map<String, String> hostEnv, List<Path> drydockPaths) {
        Path origin = temp.resolve("origin");
        String commit = GitFixture.createRepository(origin, Map.of("README.md", "x\n"));
        LocalWorkspaceBackend backend = new LocalWorkspaceBackend(temp.resolve("workspaces"), config, hostEnv, drydockPaths,
                temp);
        return backend.provision(new WorkspaceSpec("sandbox", origin.toString(), commit, Map.of()));
    }

    private static ExecResult run(Workspace workspace, ExecPhase phase, String command) {
        return workspace.exec(ExecRequest.of(command, Duration.ofSeconds(60)).inPhase(phase));
    }

    private static LocalWorkspaceConfig config(List<String> inherit, List<String> readOnly, NetworkPolicy agentNetwork) {
        LocalWorkspaceConfig d = LocalWorkspaceConfig.defaults(inherit);
        return new LocalWorkspaceConfig(d.root(), d.inheritEnv(), d.env(), d.killGrace(), false, d.isolation(), 1000,
                readOnly, d.memoryLimit(), d.processLimit(), d.setupNetwork(), agentNetwork, d.measureNetwork(), true, 16, true);
    }

    @Test
    void theSandboxUserIsNamedWithThePrivateHomeForToolsThatAskTheSystem() {
        try (Workspace workspace = workspace(config(List.of("PATH"), List.of(), NetworkPolicy.OPEN), System.getenv(), List.of())) {
            ExecResult who = run(workspace, ExecPhase.AGENT,
                    "id -un; id -u; python3 -c 'import os, pwd; print(pwd.getpwuid(os.getuid()).pw_dir == os.environ[\"HOME\"])'");
            assertThat(who.stdout()).isEqualTo("drydock\n1000\nTrue\n");
        }
    }

    @Test
    void onlyTheRepositorysSetupWritesTheSharedMavenRepositoryOthersReadItAsAFileRepository() throws Exception {
        Path shared = Files.createDirectories(temp.resolve("m2/repository"));
        Map<String, String> host = new HashMap<>(System.getenv());
        host.put("MAVEN_OPTS", "-Xmx256m -Dmaven.repo.local=" + shared);
        try (Workspace workspace = workspace(config(List.of("PATH", "MAVEN_OPTS"), List.of(), NetworkPolicy.OPEN), host, List.of())) {
            assertThat(run(workspace, ExecPhase.SETUP, "touch '" + shared + "/from-setup' && echo \"$MAVEN_OPTS\"").stdout())
                    .isEqualTo("-Xmx256m -Dmaven.repo.local=" + shared + "\n");
            assertThat(shared.resolve("from-setup")).exists();

            ExecResult agent = run(workspace, ExecPhase.AGENT, "touch '" + shared + "/from-agent'; echo \"$MAVEN_OPTS\"; "
                    + "cat \"$HOME/.m2/settings.xml\"");
            assertThat(shared.resolve("from-agent")).doesNotExist();
            assertThat(agent.stdout()).contains("-Xmx256m -Dmaven.repo.local=" + Path.of(workspace.projectRoot()).getParent()
                    .resolve("home/.m2/repository")).contains("<id>central</id><url>" + shared.toUri() + "</url>");
            assertThat(run(workspace, ExecPhase.MEASURE, "touch '" + shared + "/from-tests'").succeeded()).isFalse();
        }
    }

    @Test
    void onlyTheRepositorysSetupSharesThePipAndNpmCachesAgentsAndTestsCannotPoisonThem() throws Exception {
        Path packages = temp.resolve("packages");
        // the caches lie in drydock's cache folder, which sandboxes otherwise do not see at all
        try (Workspace workspace = workspace(config(List.of("PATH"), List.of(), NetworkPolicy.OPEN), System.getenv(),
                List.of(packages))) {
            ExecResult setup = run(workspace, ExecPhase.SETUP,
                    "echo \"$PIP_CACHE_DIR $npm_config_cache\" && touch \"$PIP_CACHE_DIR/wheel-from-setup\"");
            assertThat(setup.stdout()).isEqualTo(packages.resolve("pip") + " " + packages.resolve("npm") + "\n");
            assertThat(packages.resolve("pip/wheel-from-setup")).exists();

            for (ExecPhase phase : List.of(ExecPhase.AGENT, ExecPhase.MEASURE)) {
                ExecResult other = run(workspace, phase, "echo \"${PIP_CACHE_DIR:-private}\"; ls '" + packages + "/pip' 2>&1;"
                        + " touch '" + packages + "/pip/poisoned-by-" + phase + "' 2>/dev/null; true");
                assertThat(other.stdout()).as(phase.name()).startsWith("private\n").doesNotContain("wheel-from-setup");
                assertThat(packages.resolve("pip/poisoned-by-" + phase)).doesNotExist();
            }
        }
    }

    @Test
    void theRepositorysSetupFillsDrydocksCargoRegistryEveryOtherPhaseOnlyReadsIt() throws Exception {
        Path packages = temp.resolve("packages");
        Path cargoHome = Files.createDirectories(temp.resolve("cargo-home/registry"));
        Files.writeString(cargoHome.resolve("users-own-crate"), "x");
        Map<String, String> host = new HashMap<>(System.getenv());
        host.put("CARGO_HOME", cargoHome.getParent().toString());
        try (Workspace workspace = workspace(config(List.of("PATH", "CARGO_HOME"), List.of(), NetworkPolicy.OPEN), host,
                List.of(packages))) {
            // the user's registry is not seen: drydock's own takes its place, and setup writes it
            ExecResult setup = run(workspace, ExecPhase.SETUP, "ls \"$CARGO_HOME/registry\"; touch \"$CARGO_HOME/registry/crate-from-setup\"");
            assertThat(setup.stdout()).doesNotContain("users-own-crate");
            assertThat(packages.resolve("cargo-registry/crate-from-setup")).exists();
            for (ExecPhase phase : List.of(ExecPhase.AGENT, ExecPhase.MEASURE)) {
                ExecResult other = run(workspace, phase, "ls \"$CARGO_HOME/registry\"; touch \"$CARGO_HOME/registry/poisoned-by-"
                        + phase + "\" 2>/dev/null; true");
                assertThat(other.stdout()).as(phase.name()).isEqualTo("crate-from-setup\n");
                assertThat(packages.resolve("cargo-registry/poisoned-by-" + phase)).doesNotExist();
            }
        }
        assertThat(cargoHome.resolve("crate-from-setup")).doesNotExist();
    }

    @Test
    void networkNoneLeavesTheAgentOnlyItsOwnLoopbackAndIsRecorded() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Workspace workspace = workspace(config(List.of("PATH"), List.of(), NetworkPolicy.NONE), System.getenv(), List.of())) {
            String connect = "exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort();
            assertThat(run(workspace, ExecPhase.AGENT, connect).succeeded()).isFalse();
            assertThat(run(workspace, ExecPhase.MEASURE, connect).succeeded()).isTrue();
            Isolation isolation = workspace.isolation();
            assertThat(isolation.network()).containsEntry("agent", "none").containsEntry("measure", "open");
        }
    }

    @Test
    void drydocksOwnFilesAreHiddenEvenInsideAVisibleFolder() throws Exception {
        Path tools = Files.createDirectories(temp.resolve("tools"));
        Files.writeString(tools.resolve("tool.sh"), "echo tool");
        Path config = Files.createDirectories(tools.resolve("drydock-config"));
        Files.writeString(config.resolve("suite.yaml"), "api-key: sk-hidden");
        try (Workspace workspace = workspace(config(List.of("PATH"), List.of(tools.toString()), NetworkPolicy.OPEN),
                System.getenv(), List.of(config))) {
            assertThat(run(workspace, ExecPhase.AGENT, "bash '" + tools + "/tool.sh'").stdout()).isEqualTo("tool\n");
            assertThat(run(workspace, ExecPhase.AGENT, "cat '" + config + "/suite.yaml'; ls '" + config + "'").stdout())
                    .doesNotContain("sk-hidden").doesNotContain("suite.yaml");
            assertThat(workspace.isolation().enforced()).contains("non-root-user", "read-only-host", "wall-time-limit");
            assertThat(workspace.isolation().memoryLimitBytes()).isEqualTo(Optional.of(8L << 30));
        }
    }
}

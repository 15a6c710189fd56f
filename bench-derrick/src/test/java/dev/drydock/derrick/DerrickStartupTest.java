package dev.drydock.derrick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceProvider;
import dev.drydock.spi.WorkspaceSpec;
import dev.drydock.testkit.GitFixture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DerrickStartupTest {
    @TempDir
    Path temp;

    @Test
    void isFoundByName() {
        assertThat(ServiceLoader.load(WorkspaceProvider.class).stream().map(p -> p.get().name()))
                .contains(DerrickWorkspaceProvider.NAME);
    }

    @Test
    void aMissingOrWrongBinarySaysWhatToInstall() {
        assertThatThrownBy(() -> Derricks.backend(temp, "binary: /nonexistent/derrick"))
                .isInstanceOf(DrydockException.class)
                .hasMessageContaining("cannot run '/nonexistent/derrick'")
                .hasMessageContaining("cargo install derrick --version 0.4.0 --locked");
        assertThatThrownBy(() -> Derricks.backend(temp, "binary: echo"))
                .hasMessageContaining("echo reports '-V', but drydock drives Derrick 0.4.0")
                .satisfies(e -> assertThat(((DrydockException) e).code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
    }

    @Test
    void aPortTakenBySomethingElseIsAClearErrorAndReleasesTheHostLock() throws Exception {
        String commit = GitFixture.createRepository(temp.resolve("origin"), Map.of("a.txt", "a\n"));
        WorkspaceBackend backend = Derricks.backend(temp, "");
        WorkspaceSpec spec = new WorkspaceSpec("port", temp.resolve("origin").toString(), commit, Map.of());
        try (ServerSocket squatter = new ServerSocket(50080, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> backend.provision(spec))
                    .isInstanceOf(DrydockException.class)
                    .hasMessageContaining("port 50080 on 127.0.0.1 is taken by another program");
        }
        // the lock was released: the next workspace starts
        try (var workspace = backend.provision(spec)) {
            assertThat(new String(workspace.readFile("a.txt"), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("a\n");
            // Derrick logs a failed command with its text; the log kept with the run is redacted
            var failed = workspace.exec(dev.drydock.spi.ExecRequest.of("false sk-secret-in-a-command", java.time.Duration.ofSeconds(30)));
            assertThat(failed.stderr()).contains("******").doesNotContain("sk-secret-in-a-command");
        }
        String kept = java.nio.file.Files.readString(temp.resolve("derrick-logs/port.log"));
        assertThat(kept).contains("false ******").doesNotContain("sk-secret-in-a-command");
    }

    @Test
    void commandsSeeOnlyTheInheritedVariablesWithToolchainHomesMadeExplicit() throws Exception {
        Path home = temp.resolve("home");
        java.nio.file.Files.createDirectories(home.resolve(".cargo"));
        java.nio.file.Files.createDirectories(home.resolve(".m2/repository"));
        DerrickConfig config = new DerrickConfig("derrick", DerrickConfig.Mode.LOCAL, 50080, java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(5), List.of("PATH", "PIP_*", "CARGO_HOME", "MAVEN_OPTS"), Map.of(), "logs");
        Map<String, String> env = DerrickWorkspaceProvider.commandEnv(
                Map.of("PATH", "/bin", "PIP_INDEX_URL", "x", "OPENAI_API_KEY", "secret"), config, home);
        assertThat(env).containsOnlyKeys("PATH", "PIP_INDEX_URL", "CARGO_HOME", "MAVEN_OPTS")
                .containsEntry("CARGO_HOME", home.resolve(".cargo").toString())
                .containsEntry("MAVEN_OPTS", "-Dmaven.repo.local=" + home.resolve(".m2/repository"));
    }
}

package dev.drydock.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolchainHomesTest {
    @TempDir
    Path home;

    @Test
    void rustToolchainHomesFollowTheUserNotThePrivateHome() throws Exception {
        Files.createDirectories(home.resolve(".cargo"));
        Map<String, String> env = LocalWorkspaceProvider.withToolchainHomes(Map.of("PATH", "/bin"), home);
        assertThat(env).containsEntry("CARGO_HOME", home.resolve(".cargo").toString()).doesNotContainKey("RUSTUP_HOME");
        assertThat(LocalWorkspaceProvider.withToolchainHomes(Map.of("CARGO_HOME", "/opt/cargo"), home))
                .containsEntry("CARGO_HOME", "/opt/cargo");
    }

    @Test
    void mavenUsesTheUsersLocalRepositoryUnlessOneIsNamed() throws Exception {
        assertThat(LocalWorkspaceProvider.withToolchainHomes(Map.of(), home)).doesNotContainKey("MAVEN_OPTS");
        Path repository = Files.createDirectories(home.resolve(".m2/repository"));
        assertThat(LocalWorkspaceProvider.withToolchainHomes(Map.of(), home))
                .containsEntry("MAVEN_OPTS", "-Dmaven.repo.local=" + repository);
        assertThat(LocalWorkspaceProvider.withToolchainHomes(Map.of("MAVEN_OPTS", "-Xmx1g"), home))
                .containsEntry("MAVEN_OPTS", "-Xmx1g -Dmaven.repo.local=" + repository);
        assertThat(LocalWorkspaceProvider.withToolchainHomes(Map.of("MAVEN_OPTS", "-Dmaven.repo.local=/m2"), home))
                .containsEntry("MAVEN_OPTS", "-Dmaven.repo.local=/m2");
    }
}

package dev.drydock.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostEnvironmentTest {
    @TempDir
    Path home;

    @Test
    void rustToolchainHomesFollowTheUserNotThePrivateHome() throws Exception {
        Files.createDirectories(home.resolve(".cargo"));
        Map<String, String> env = HostEnvironment.withToolchainHomes(Map.of("PATH", "/bin"), home);
        assertThat(env).containsEntry("CARGO_HOME", home.resolve(".cargo").toString()).doesNotContainKey("RUSTUP_HOME");
        assertThat(HostEnvironment.withToolchainHomes(Map.of("CARGO_HOME", "/opt/cargo"), home))
                .containsEntry("CARGO_HOME", "/opt/cargo");
    }

    @Test
    void mavenUsesTheUsersLocalRepositoryUnlessOneIsNamed() throws Exception {
        assertThat(HostEnvironment.withToolchainHomes(Map.of(), home)).doesNotContainKey("MAVEN_OPTS");
        Path repository = Files.createDirectories(home.resolve(".m2/repository"));
        assertThat(HostEnvironment.withToolchainHomes(Map.of(), home))
                .containsEntry("MAVEN_OPTS", "-Dmaven.repo.local=" + repository);
        assertThat(HostEnvironment.withToolchainHomes(Map.of("MAVEN_OPTS", "-Xmx1g"), home))
                .containsEntry("MAVEN_OPTS", "-Xmx1g -Dmaven.repo.local=" + repository);
        assertThat(HostEnvironment.withToolchainHomes(Map.of("MAVEN_OPTS", "-Dmaven.repo.local=/m2"), home))
                .containsEntry("MAVEN_OPTS", "-Dmaven.repo.local=/m2");
    }
}

package dev.drydock.derrick;

import dev.drydock.core.config.ConfigBinder;
import dev.drydock.core.config.NodeProviderConfig;
import dev.drydock.core.config.YamlReader;
import dev.drydock.spi.ProviderContext;
import dev.drydock.spi.WorkspaceBackend;
import java.nio.file.Path;
import java.time.Clock;

/** Derrick backends for tests, settings bound from YAML by drydock's real binder. */
final class Derricks {
    private Derricks() {}

    static WorkspaceBackend backend(Path baseDirectory, String yaml) {
        ProviderContext context = new ProviderContext() {
            @Override
            public Path baseDirectory() {
                return baseDirectory;
            }

            @Override
            public Path cacheDirectory() {
                return baseDirectory;
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public void registerSecret(String value) {}

            @Override
            public String redact(String text) {
                return text.replace("sk-secret-in-a-command", "******");
            }
        };
        return new DerrickWorkspaceProvider().create(new NodeProviderConfig("workspace",
                YamlReader.read(yaml.isEmpty() ? "{}" : yaml, "test.yaml"), new ConfigBinder(s -> {})), context);
    }
}

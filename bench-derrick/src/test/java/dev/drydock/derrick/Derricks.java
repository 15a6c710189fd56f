package dev.drydock.derrick;

import dev.drydock.core.config.ConfigBinder;
import dev.drydock.core.config.NodeProviderConfig;
import dev.drydock.core.config.YamlReader;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.testkit.TestProviderContext;
import java.nio.file.Path;
import java.util.Optional;

/** Derrick backends for tests, settings bound from YAML by drydock's real binder. */
final class Derricks {
    private Derricks() {}

    static WorkspaceBackend backend(Path baseDirectory, String yaml) {
        TestProviderContext context = new TestProviderContext(baseDirectory, (model, usage) -> Optional.empty(),
                text -> text.replace("sk-secret-in-a-command", "******"));
        return new DerrickWorkspaceProvider().create(new NodeProviderConfig("workspace",
                YamlReader.read(yaml.isEmpty() ? "{}" : yaml, "test.yaml"), new ConfigBinder(s -> {})), context);
    }
}

package dev.drydock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.core.Drydock;
import dev.drydock.core.RunListener;
import dev.drydock.core.RunSelection;
import dev.drydock.core.config.Suite;
import dev.drydock.store.json.RunResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The custom-store example, run for real: the configuration selects the example provider by name. */
class CustomStoreMainTest {
    @TempDir
    Path temp;

    @Test
    void theDirectoryStoreKeepsOneFilePerRun() throws Exception {
        Path config = temp.resolve("custom-store.yaml");
        Files.copy(Path.of("../examples/custom-store.yaml"), config);
        Drydock drydock = Drydock.builder().cacheDirectory(temp.resolve("cache")).build();
        Suite suite = drydock.load(config);
        List<RunResult> results = drydock.run(suite, RunSelection.ALL, RunListener.NONE);
        assertThat(results).hasSize(2).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.COMPLETED));
        try (Stream<Path> files = Files.list(temp.resolve("results/runs"))) {
            List<Path> written = files.toList();
            assertThat(written).hasSize(2);
            RunResult first = RunResultJson.mapper().readValue(written.get(0).toFile(), RunResult.class);
            assertThat(results).contains(first);
        }
    }
}

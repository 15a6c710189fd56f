package dev.drydock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.spi.ResultStore;
import dev.drydock.spi.ResultStoreProvider;
import dev.drydock.testkit.ResultStoreContract;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The example provider passes the same contract as the built-in stores. */
class DirectoryResultStoreTest extends ResultStoreContract {
    @Override
    protected ResultStore openStore(Path folder) {
        return new DirectoryResultStoreProvider.DirectoryStore(folder);
    }

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        assertThat(ServiceLoader.load(ResultStoreProvider.class).stream().map(p -> p.get().name()))
                .contains("directory", "json");
    }
}

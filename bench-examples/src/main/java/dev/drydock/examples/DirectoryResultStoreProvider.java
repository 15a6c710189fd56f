package dev.drydock.examples;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunResult;
import dev.drydock.spi.ConfigDefault;
import dev.drydock.spi.ProviderConfig;
import dev.drydock.spi.ProviderContext;
import dev.drydock.spi.ResultStore;
import dev.drydock.spi.ResultStoreProvider;
import dev.drydock.spi.RunQuery;
import dev.drydock.store.json.RunResultJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An example custom provider: {@code store: {provider: directory, path: results}} keeps one JSON
 * file per run, {@code <path>/<run-id>.json}, so results can be committed and reviewed as
 * ordinary files. Shows the whole recipe: a name, a configuration record with defaults, a
 * {@code META-INF/services} entry, and errors wrapped into {@link DrydockException}.
 */
public final class DirectoryResultStoreProvider implements ResultStoreProvider {
    /**
     * Settings of the {@code directory} store.
     *
     * @param path the folder, relative to the configuration file
     */
    public record Config(@ConfigDefault("results/runs") String path) {
        public Config {
            requireNonNull(path, "path is null");
        }
    }

    @Override
    public String name() {
        return "directory";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public ResultStore create(ProviderConfig config, ProviderContext context) {
        Path folder = context.baseDirectory().resolve(config.bind(Config.class).path()).normalize();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot create result folder " + folder, e);
        }
        return new DirectoryStore(folder);
    }

    /** Writes each result to a temporary file and renames it into place, so a file is always whole. */
    static final class DirectoryStore implements ResultStore {
        private final Path folder;

        DirectoryStore(Path folder) {
            this.folder = folder;
        }

        @Override
        public void verifyWritable() {
            try {
                Files.delete(Files.createTempFile(folder, ".probe-", ".tmp"));
            } catch (IOException e) {
                throw new DrydockException(ErrorCode.STORE, "cannot write in result folder " + folder + ": " + e, e);
            }
        }

        @Override
        public void save(RunResult result) {
            if (!result.runId().matches("[A-Za-z0-9._-]+")) {
                throw new DrydockException(ErrorCode.STORE, "run id not usable as a file name: " + result.runId());
            }
            try {
                Path temp = Files.createTempFile(folder, ".run-", ".tmp");
                Files.write(temp, RunResultJson.mapper().writeValueAsBytes(result));
                Files.move(temp, folder.resolve(result.runId() + ".json"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new DrydockException(ErrorCode.STORE, "cannot write result " + result.runId() + " to " + folder, e);
            }
        }

        @Override
        public Optional<RunResult> find(String runId) {
            Path file = folder.resolve(runId + ".json");
            return Files.isRegularFile(file) && runId.matches("[A-Za-z0-9._-]+") ? Optional.of(read(file)) : Optional.empty();
        }

        @Override
        public List<RunResult> list(RunQuery query) {
            List<RunResult> results = new ArrayList<>();
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> f.getFileName().toString().endsWith(".json")).forEach(f -> results.add(read(f)));
            } catch (IOException e) {
                throw new DrydockException(ErrorCode.STORE, "cannot list " + folder, e);
            }
            return query.select(results);
        }

        private static RunResult read(Path file) {
            try {
                return RunResultJson.mapper().readValue(file.toFile(), RunResult.class);
            } catch (IOException e) {
                throw new DrydockException(ErrorCode.STORE, "cannot read result " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {}
    }
}

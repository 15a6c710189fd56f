package dev.drydock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.api.ConfigProblem;
import dev.drydock.api.ConfigurationException;
import dev.drydock.api.RunResult;
import dev.drydock.core.Drydock;
import dev.drydock.spi.RunQuery;
import dev.drydock.store.json.RunResultJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.List;

/**
 * Results a command reads afterwards: the store a configuration names (YAML), a JSON file of
 * results (a {@code --results-json} array or a json store's document), or a folder of such files
 * (the server store's spool).
 */
final class StoredResults {
    private StoredResults() {}

    static List<RunResult> read(Drydock drydock, Path source, RunQuery query) {
        String name = source.getFileName().toString();
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return drydock.list(drydock.load(source), query);
        }
        List<RunResult> results = new ArrayList<>();
        if (Files.isDirectory(source)) {
            // a folder of result files, such as the server store's spool
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    results.addAll(readFile(file));
                }
            } catch (IOException e) {
                throw new ConfigurationException(new ConfigProblem(source.toString(), "", "cannot list the folder: " + e.getMessage()));
            }
        } else {
            results.addAll(readFile(source));
        }
        return query.select(results);
    }

    private static List<RunResult> readFile(Path source) {
        List<RunResult> results = new ArrayList<>();
        try {
            JsonNode root = RunResultJson.mapper().readTree(source.toFile());
            for (JsonNode node : root.isArray() ? root : root.path("results")) {
                results.add(RunResultJson.mapper().treeToValue(node, RunResult.class));
            }
        } catch (IOException e) {
            throw new ConfigurationException(new ConfigProblem(source.toString(), "",
                    "not a results file drydock can read: " + e.getMessage()));
        }
        return results;
    }
}

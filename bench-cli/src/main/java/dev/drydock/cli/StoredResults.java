package dev.drydock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.api.ConfigProblem;
import dev.drydock.api.ConfigurationException;
import dev.drydock.api.RunResult;
import dev.drydock.core.Drydock;
import dev.drydock.spi.RunQuery;
import dev.drydock.store.json.RunResultJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Results a command reads afterwards: the store a configuration names (YAML), or a JSON file of
 * results (a {@code --results-json} array or a json store's document).
 */
final class StoredResults {
    private StoredResults() {}

    static List<RunResult> read(Drydock drydock, Path source, RunQuery query) {
        String name = source.getFileName().toString();
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return drydock.list(drydock.load(source), query);
        }
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
        return query.select(results);
    }
}

package dev.drydock.coverage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.api.CoverageReport;
import dev.drydock.api.FileCoverage;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ReportSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Istanbul's coverage map as JSON ({@code coverage-final.json}), what jest and vitest write with the
 * {@code json} reporter: per file a {@code statementMap} and statement counts {@code s}, a {@code
 * branchMap} and branch counts {@code b}. A line's hits are the most of the statements that start on
 * it, as Istanbul's own LCOV has them; a branch point counts on the line it starts. Streamed file by
 * file (each file's object read as a tree); nyc's older {@code {"data": {...}}} wrapping is read too.
 */
public final class IstanbulJsonParser implements CoverageParser {
    public static final String FORMAT = "istanbul-json";
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 24).maxNestingDepth(64).build())
            .build());

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean supports(String fileName, byte[] head) {
        String text = Heads.text(head);
        return text.stripLeading().startsWith("{") && text.contains("\"statementMap\"");
    }

    @Override
    public CoverageReport parse(InputStream in, ReportSource source) {
        List<FileCoverage> files = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw JsonReports.error(parser, source, "expected a JSON object of files");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                if (parser.currentToken() != JsonToken.START_OBJECT) {
                    throw JsonReports.error(parser, source, "expected an object for file " + key);
                }
                JsonNode file = MAPPER.readTree(parser);
                files.add(file(file.has("data") && !file.has("statementMap") ? file.get("data") : file, key, parser, source));
            }
        } catch (IOException e) {
            throw JsonReports.unreadable(e, source);
        }
        return CoverageReport.of(FORMAT, files);
    }

    private static FileCoverage file(JsonNode file, String key, JsonParser parser, ReportSource source) {
        String path;
        try {
            path = ReportPaths.normalize(file.path("path").asText(key), "", source.projectRoot());
        } catch (IllegalArgumentException e) {
            throw JsonReports.error(parser, source, "unusable file path: " + e.getMessage());
        }
        JsonNode statements = object(file, "statementMap", path, parser, source);
        JsonNode counts = object(file, "s", path, parser, source);
        Map<Integer, Long> lines = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = statements.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> statement = it.next();
            int line = line(statement.getValue().path("start"), path, parser, source);
            long hits = Math.max(0, counts.path(statement.getKey()).asLong(0));
            lines.merge(line, hits, Math::max);
        }
        FileCoverage.Builder builder = FileCoverage.builder(path);
        lines.forEach(builder::line);
        JsonNode branchMap = file.path("branchMap");
        JsonNode branchCounts = file.path("b");
        Map<Integer, int[]> branches = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = branchMap.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> branch = it.next();
            JsonNode at = branch.getValue().has("loc") ? branch.getValue().path("loc").path("start")
                    : branch.getValue().path("locations").path(0).path("start");
            int line = branch.getValue().has("line") ? branch.getValue().path("line").asInt() : line(at, path, parser, source);
            int[] totals = branches.computeIfAbsent(line, l -> new int[2]);
            for (JsonNode taken : branchCounts.path(branch.getKey())) {
                totals[1]++;
                if (taken.asLong(0) > 0) {
                    totals[0]++;
                }
            }
        }
        branches.forEach((line, totals) -> {
            if (lines.containsKey(line) && totals[1] > 0) {
                builder.branches(line, totals[0], totals[1]);
            }
        });
        return builder.build();
    }

    private static JsonNode object(JsonNode file, String field, String path, JsonParser parser, ReportSource source) {
        JsonNode node = file.get(field);
        if (node == null || !node.isObject()) {
            throw JsonReports.error(parser, source, path + ": no \"" + field + "\" object; not an Istanbul coverage map");
        }
        return node;
    }

    private static int line(JsonNode position, String path, JsonParser parser, ReportSource source) {
        int line = position.path("line").asInt(0);
        if (line < 1) {
            throw JsonReports.error(parser, source, path + ": a location without a line number of at least 1");
        }
        return line;
    }
}

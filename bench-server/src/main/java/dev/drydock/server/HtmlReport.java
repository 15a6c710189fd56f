package dev.drydock.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunResult;
import dev.drydock.store.json.RunResultJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code drydock report --html}: the leaderboard page as one self-contained file, for people without
 * a server. It is the server's page (the same HTML, style and script, inlined) with the results in
 * it: the script answers its questions from them by the server's rules, with Student's t quantiles
 * computed here, so the file's tables, plots, filters and drill-down are the page's.
 */
public final class HtmlReport {
    /** Degrees of freedom the embedded t table covers; above it the normal quantile (1.96) is used. */
    static final int T_TABLE_SIZE = 1000;
    private static final ObjectMapper MAPPER = RunResultJson.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

    private HtmlReport() {}

    /** The report's HTML: {@code results} from {@code source}, with {@code comparison} when one was asked for. */
    public static String render(List<RunResult> results, String source, Optional<PairedComparison> comparison, Instant now) {
        ObjectNode data = MAPPER.createObjectNode()
                .put("title", "drydock report")
                .put("source", source)
                .put("generatedAt", now.toString());
        ArrayNode t = data.putArray("t975");
        for (int df = 1; df <= T_TABLE_SIZE; df++) {
            t.add(MeanEstimate.t975(df));
        }
        data.set("results", MAPPER.valueToTree(results));
        comparison.ifPresent(c -> {
            ObjectNode node = data.putObject("comparison").put("agentA", c.agentA()).put("agentB", c.agentB())
                    .put("benchmark", c.benchmark());
            node.put("meanDifference", c.difference().mean()).put("ciLow", c.difference().low().orElse(null))
                    .put("ciHigh", c.difference().high().orElse(null));
            ArrayNode pairs = node.putArray("pairs");
            c.pairs().forEach(p -> pairs.addObject().put("repository", p.repository()).put("target", p.target().orElse(null))
                    .put("meanA", p.meanA()).put("meanB", p.meanB()).put("difference", p.difference()));
        });
        String page = asset("index.html");
        String json;
        try {
            json = MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new DrydockException(ErrorCode.INTERNAL, "cannot write the report's data", e);
        }
        // in a script element nothing may close it or open a comment: <, > and & only occur in JSON strings, where \\u escapes are the same characters
        String inline = json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        return page
                .replace("<link rel=\"stylesheet\" href=\"/style.css\">", "<style>\n" + asset("style.css") + "</style>")
                .replace("<script src=\"/app.js\"></script>", "<script>window.DRYDOCK_DATA = " + inline + ";</script>\n<script>\n"
                        + asset("app.js").replace("</script", "<\\/script") + "</script>");
    }

    /** Writes the report to {@code file} (its folder made). */
    public static void write(Path file, List<RunResult> results, String source, Optional<PairedComparison> comparison) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, render(results, source, comparison, Instant.now()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot write the report " + file + ": " + e.getMessage(), e);
        }
    }

    private static String asset(String name) {
        try {
            return new String(ApiHandler.resource(name).orElseThrow(() -> new IllegalStateException(name + " is missing from the jar")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }
}

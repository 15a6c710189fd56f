package dev.drydock.coverage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.drydock.api.CoverageReport;
import dev.drydock.api.FileCoverage;
import dev.drydock.api.ReportFormatException;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ReportSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * coverage.py's JSON report ({@code coverage json}): per file {@code executed_lines}, {@code
 * missing_lines} (together the executable lines; {@code excluded_lines} are not executable) and,
 * with branch coverage, {@code executed_branches}/{@code missing_branches} as {@code [from, to]}
 * arcs, counted per source line. Read with Jackson's streaming parser.
 */
public final class CoveragePyJsonParser implements CoverageParser {
    public static final String FORMAT = "coveragepy-json";
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 20).maxNestingDepth(64).build())
            .build();

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean supports(String fileName, byte[] head) {
        String text = Heads.text(head);
        return text.stripLeading().startsWith("{") && text.contains("\"meta\"") && text.contains("coverage");
    }

    @Override
    public CoverageReport parse(InputStream in, ReportSource source) {
        List<FileCoverage> files = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(in)) {
            expect(parser, parser.nextToken(), JsonToken.START_OBJECT, source, "a JSON object");
            boolean sawFiles = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("files")) {
                    expect(parser, parser.currentToken(), JsonToken.START_OBJECT, source, "\"files\" to be an object");
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String path;
                        try {
                            path = ReportPaths.normalize(parser.currentName(), "", source.projectRoot());
                        } catch (IllegalArgumentException e) {
                            throw JsonReports.error(parser, source, "unusable file path: " + e.getMessage());
                        }
                        parser.nextToken();
                        files.add(readFile(parser, path, source));
                    }
                    sawFiles = true;
                } else {
                    parser.skipChildren();
                }
            }
            if (!sawFiles) {
                throw new ReportFormatException(source.name() + ": no \"files\" object; not a coverage.py JSON report");
            }
        } catch (IOException e) {
            throw JsonReports.unreadable(e, source);
        }
        return CoverageReport.of(FORMAT, files);
    }

    private static FileCoverage readFile(JsonParser parser, String path, ReportSource source) throws IOException {
        expect(parser, parser.currentToken(), JsonToken.START_OBJECT, source, "an object for file " + path);
        FileCoverage.Builder file = FileCoverage.builder(path);
        Map<Integer, int[]> branches = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "executed_lines" -> readLines(parser, source, line -> file.line(line, 1));
                case "missing_lines" -> readLines(parser, source, line -> file.line(line, 0));
                case "executed_branches" -> readArcs(parser, source, from -> branches.computeIfAbsent(from, l -> new int[2]), true);
                case "missing_branches" -> readArcs(parser, source, from -> branches.computeIfAbsent(from, l -> new int[2]), false);
                default -> parser.skipChildren();
            }
        }
        branches.forEach((line, counts) -> file.branches(line, counts[0], counts[1]));
        return file.build();
    }

    private interface LineSink {
        void accept(int line);
    }

    private static void readLines(JsonParser parser, ReportSource source, LineSink sink) throws IOException {
        expect(parser, parser.currentToken(), JsonToken.START_ARRAY, source, "a list of line numbers");
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            sink.accept(lineNumber(parser, source));
        }
    }

    private static void readArcs(JsonParser parser, ReportSource source, java.util.function.IntFunction<int[]> counts,
            boolean executed) throws IOException {
        expect(parser, parser.currentToken(), JsonToken.START_ARRAY, source, "a list of [from, to] arcs");
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            expect(parser, parser.currentToken(), JsonToken.START_ARRAY, source, "an arc [from, to]");
            parser.nextToken();
            int from = lineNumber(parser, source);
            parser.nextToken();
            expect(parser, parser.currentToken(), JsonToken.VALUE_NUMBER_INT, source, "the arc's target line");
            expect(parser, parser.nextToken(), JsonToken.END_ARRAY, source, "an arc of two numbers");
            int[] line = counts.apply(from);
            if (line[1] == 0xffff) {
                throw JsonReports.error(parser, source, "more than 65535 branches from line " + from);
            }
            line[1]++;
            if (executed) {
                line[0]++;
            }
        }
    }

    private static int lineNumber(JsonParser parser, ReportSource source) throws IOException {
        expect(parser, parser.currentToken(), JsonToken.VALUE_NUMBER_INT, source, "a line number");
        int line = parser.getIntValue();
        if (line < 1) {
            throw JsonReports.error(parser, source, "line number must be at least 1 but is " + line);
        }
        return line;
    }

    private static void expect(JsonParser parser, JsonToken actual, JsonToken expected, ReportSource source, String what) {
        if (actual != expected) {
            throw JsonReports.error(parser, source, "expected " + what + " but found " + (actual == null ? "the end" : actual.asString() == null ? actual.name() : actual.asString()));
        }
    }
}

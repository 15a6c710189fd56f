package dev.drydock.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.drydock.api.TestRunningOutcome.AgentClaim;
import dev.drydock.core.policing.TestRunningJudge;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the agent's {@code report.json} strictly: wrong types and impossible numbers are problems
 * named by field, never guessed around. Framework names are normalised ({@code junit-jupiter} →
 * {@code junit5}, {@code node --test} → {@code node:test}) so that labels compare.
 */
final class AgentReport {
    static final int MAX_BYTES = 1 << 20;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private AgentReport() {}

    /** A claim, or why there is none. */
    record Parsed(Optional<AgentClaim> claim, Optional<String> problem) {}

    static Parsed parse(String name, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return problem(name + ": " + bytes.length + " bytes, more than the " + MAX_BYTES + " a report may have");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return problem(name + ": not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return problem(name + ": expected a JSON object");
        }
        List<String> problems = new ArrayList<>();
        JsonNode hasTests = root.get("has_tests");
        if (hasTests == null || !hasTests.isBoolean()) {
            problems.add("has_tests must be true or false");
        }
        boolean needsServices = bool(root, "needs_services", problems);
        List<String> frameworks = new ArrayList<>();
        JsonNode list = root.get("frameworks");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                problems.add("frameworks must be a list of names");
            } else {
                list.forEach(item -> {
                    if (item.isTextual()) {
                        frameworks.add(TestRunningJudge.framework(item.asText()));
                    } else {
                        problems.add("frameworks must be a list of names");
                    }
                });
            }
        }
        Optional<String> coverageReport = text(root, "coverage_report", problems);
        Optional<String> coverageFormat = text(root, "coverage_format", problems);
        Optional<String> testReport = text(root, "test_report", problems);
        Optional<String> testReportFormat = text(root, "test_report_format", problems);
        Optional<Long> linesCovered = count(root, "lines_covered", problems);
        Optional<Long> linesTotal = count(root, "lines_total", problems);
        Optional<Long> testsRun = count(root, "tests_run", problems);
        Optional<Long> testsPassed = count(root, "tests_passed", problems);
        String notes = text(root, "notes", problems).orElse("");
        if (linesCovered.isPresent() && linesTotal.isPresent() && linesCovered.get() > linesTotal.get()) {
            problems.add("lines_covered (" + linesCovered.get() + ") exceeds lines_total (" + linesTotal.get() + ")");
        }
        if (!problems.isEmpty()) {
            return problem(name + ": " + String.join("; ", problems.stream().distinct().toList()));
        }
        return new Parsed(Optional.of(new AgentClaim(hasTests.asBoolean(), needsServices, List.copyOf(frameworks),
                coverageReport, coverageFormat, testReport, testReportFormat, linesCovered, linesTotal,
                testsRun.map(Long::intValue), testsPassed.map(Long::intValue), notes)), Optional.empty());
    }

    private static Parsed problem(String message) {
        return new Parsed(Optional.empty(), Optional.of(message));
    }

    private static boolean bool(JsonNode root, String field, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            problems.add(field + " must be true or false");
            return false;
        }
        return node.asBoolean();
    }

    private static Optional<String> text(JsonNode root, String field, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problems.add(field + " must be a string");
            return Optional.empty();
        }
        return Optional.of(node.asText().strip());
    }

    private static Optional<Long> count(JsonNode root, String field, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || node.asLong() < 0 || !node.canConvertToInt()) {
            problems.add(field + " must be a whole number from 0 to " + Integer.MAX_VALUE);
            return Optional.empty();
        }
        return Optional.of(node.asLong());
    }
}

package dev.drydock.core.policing;

import dev.drydock.api.FileChange;
import dev.drydock.api.FileChange.Category;
import dev.drydock.api.Modifications;
import dev.drydock.api.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The violations a diff shows by itself: changed source, configuration and lock files, and
 * coverage exclusion markers added outside tests. Each carries its hunk as evidence.
 */
public final class DiffViolations {
    /** Markers that hide lines from coverage tools, across the platforms drydock measures. */
    public static final Pattern EXCLUSION_MARKERS = Pattern.compile(
            "pragma:\\s*no\\s*(cover|branch)|istanbul\\s+ignore|c8\\s+ignore|v8\\s+ignore|LCOV_EXCL|coverage\\s*\\(\\s*off\\s*\\)"
                    + "|no_coverage|tarpaulin::skip|tarpaulin_include|@Generated|@ExcludeFromJacocoGeneratedReport"
                    + "|ExcludeFromCodeCoverage");
    private static final int EVIDENCE_LIMIT = 2048;

    /** The git arguments printing the whole staged change as a unified diff against {@code base}, as {@link #splitByFile} reads. */
    public static List<String> unified(String base) {
        return List.of("diff", "--cached", "--no-color", "--no-ext-diff", "--no-textconv", "-U2", base);
    }

    /** The shell command of {@link #unified} (after {@link GitDiff#command} staged the change). */
    public static String command(String baselineCommit) {
        return GitDiff.GIT + String.join(" ", unified(baselineCommit));
    }

    private DiffViolations() {}

    /** @param hunks the unified diff of each changed file, from {@link #splitByFile} */
    public static List<Violation> find(Modifications modifications, Map<String, String> hunks) {
        List<Violation> violations = new ArrayList<>();
        for (FileChange file : modifications.files()) {
            String hunk = hunks.getOrDefault(file.path(), "");
            switch (file.category()) {
                case SOURCE -> violations.add(new Violation(Violation.Kind.SOURCE_MODIFIED, file.path(),
                        "source file " + kind(file) + " (not measured: only test changes are replayed)", cap(hunk)));
                case CONFIG -> violations.add(new Violation(Violation.Kind.CONFIG_MODIFIED, file.path(),
                        "configuration file " + kind(file), cap(hunk)));
                case LOCKFILE -> violations.add(new Violation(Violation.Kind.LOCKFILE_MODIFIED, file.path(),
                        "lock file " + kind(file), cap(hunk)));
                default -> { }
            }
            if (file.category() != Category.TEST) {
                List<String> markers = hunk.lines()
                        .filter(line -> line.startsWith("+") && !line.startsWith("+++"))
                        .filter(line -> EXCLUSION_MARKERS.matcher(line).find())
                        .toList();
                if (!markers.isEmpty()) {
                    violations.add(new Violation(Violation.Kind.EXCLUSION_MARKER_ADDED, file.path(),
                            markers.size() + " coverage exclusion marker(s) added", cap(String.join("\n", markers))));
                }
            }
        }
        return violations;
    }

    private static String kind(FileChange file) {
        return switch (file.kind()) {
            case ADDED -> "added";
            case DELETED -> "deleted";
            case RENAMED -> "renamed";
            case MODIFIED -> "modified";
        };
    }

    /** The diff of each file, keyed by its new path (the old one for a deletion). */
    public static Map<String, String> splitByFile(String diff) {
        Map<String, String> byFile = new LinkedHashMap<>();
        StringBuilder current = null;
        String oldPath = null;
        String newPath = null;
        for (String line : diff.split("\n")) {
            if (line.startsWith("diff --git ")) {
                store(byFile, current, oldPath, newPath);
                current = new StringBuilder();
                oldPath = null;
                newPath = null;
            }
            if (current == null) {
                continue;
            }
            if (line.startsWith("--- ") && oldPath == null) {
                oldPath = stripPrefix(line.substring(4), "a/");
            } else if (line.startsWith("+++ ") && newPath == null) {
                newPath = stripPrefix(line.substring(4), "b/");
            } else if (line.startsWith("rename to ")) {
                newPath = line.substring("rename to ".length());
            } else if (line.startsWith("Binary files ")) {
                newPath = binaryPath(line);
            }
            current.append(line).append('\n');
        }
        store(byFile, current, oldPath, newPath);
        return byFile;
    }

    private static void store(Map<String, String> byFile, StringBuilder hunk, String oldPath, String newPath) {
        if (hunk == null) {
            return;
        }
        String path = newPath != null && !newPath.equals("/dev/null") ? newPath : oldPath;
        if (path == null) {
            String header = hunk.substring(0, Math.max(0, hunk.indexOf("\n")));
            int b = header.lastIndexOf(" b/");
            path = b < 0 ? header : header.substring(b + 3);
        }
        byFile.put(path, hunk.toString());
    }

    private static String binaryPath(String line) {
        int and = line.indexOf(" and ");
        int end = line.lastIndexOf(" differ");
        if (and < 0 || end < and) {
            return null;
        }
        String second = line.substring(and + 5, end);
        return second.equals("/dev/null") ? stripPrefix(line.substring("Binary files ".length(), and), "a/") : stripPrefix(second, "b/");
    }

    private static String stripPrefix(String path, String prefix) {
        String trimmed = path.endsWith("\t") ? path.substring(0, path.length() - 1) : path;
        return trimmed.startsWith(prefix) ? trimmed.substring(prefix.length()) : trimmed;
    }

    private static String cap(String text) {
        return text.length() <= EVIDENCE_LIMIT ? text : text.substring(0, EVIDENCE_LIMIT) + "\n[...]";
    }
}

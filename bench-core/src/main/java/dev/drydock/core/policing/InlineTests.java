package dev.drydock.core.policing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tests that live inside source files, as Rust's {@code #[cfg(test)] mod tests { ... }}: finds the
 * line ranges of such blocks and tells which hunks of a unified diff change only lines inside
 * them. Those hunks are test changes (replayed and measured); the rest of the file is source.
 */
public final class InlineTests {
    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

    /** One hunk of a file's diff and whether it changes test lines only. */
    public record Hunk(String text, boolean test) {}

    private InlineTests() {}

    /**
     * Line ranges (1-based, inclusive) of the blocks a {@code marker} line opens: from the marker to
     * the brace that closes the first {@code {} after it.
     */
    public static List<int[]> ranges(String content, String marker) {
        String[] lines = content.split("\n", -1);
        List<int[]> ranges = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].strip().equals(marker)) {
                continue;
            }
            int depth = 0;
            boolean opened = false;
            for (int j = i; j < lines.length; j++) {
                for (char c : withoutStringsAndComments(lines[j]).toCharArray()) {
                    if (c == '{') {
                        depth++;
                        opened = true;
                    } else if (c == '}') {
                        depth--;
                    }
                }
                if (opened && depth <= 0) {
                    ranges.add(new int[] {i + 1, j + 1});
                    i = j;
                    break;
                }
            }
        }
        return ranges;
    }

    /** Splits one file's diff (header first) into its header and hunks, each judged against the ranges. */
    public static List<Hunk> hunks(String fileDiff, List<int[]> oldRanges, List<int[]> newRanges) {
        List<Hunk> hunks = new ArrayList<>();
        StringBuilder header = new StringBuilder();
        StringBuilder current = null;
        int oldLine = 0;
        int newLine = 0;
        boolean test = true;
        for (String line : fileDiff.split("\n")) {
            Matcher m = HUNK.matcher(line);
            if (m.find()) {
                if (current != null) {
                    hunks.add(new Hunk(current.toString(), test));
                }
                current = new StringBuilder();
                oldLine = Integer.parseInt(m.group(1));
                newLine = Integer.parseInt(m.group(3));
                test = true;
                current.append(line).append('\n');
                continue;
            }
            if (current == null) {
                header.append(line).append('\n');
                continue;
            }
            if (line.startsWith("-")) {
                test &= inside(oldRanges, oldLine);
                oldLine++;
            } else if (line.startsWith("+")) {
                test &= inside(newRanges, newLine);
                newLine++;
            } else if (!line.startsWith("\\")) {
                oldLine++;
                newLine++;
            }
            current.append(line).append('\n');
        }
        if (current != null) {
            hunks.add(new Hunk(current.toString(), test));
        }
        hunks.add(0, new Hunk(header.toString(), false));
        return hunks;
    }

    private static boolean inside(List<int[]> ranges, int line) {
        for (int[] range : ranges) {
            if (line >= range[0] && line <= range[1]) {
                return true;
            }
        }
        return false;
    }

    /** The line without string literals and line comments, so their braces do not count. */
    private static String withoutStringsAndComments(String line) {
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (!inString && c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                break;
            }
            if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
                inString = !inString;
                continue;
            }
            if (!inString) {
                out.append(c);
            }
        }
        return out.toString();
    }
}

package dev.drydock.core.policing;

import dev.drydock.api.FileChange;
import dev.drydock.api.Modifications;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code git diff --cached -z -M --numstat} and {@code --name-status} output into {@link
 * Modifications}. With {@code -z} paths come verbatim (no quoting) and NUL-separated.
 */
public final class GitDiff {
    /**
     * git as drydock runs it in a workspace an agent has touched: the agent's {@code .git/config}
     * cannot make it run a file-system monitor or hooks of the agent's.
     */
    public static final String GIT = "git -c core.quotepath=off -c core.fsmonitor=false -c core.hooksPath=/dev/null ";
    /** Between the two listings {@link #parse} reads. */
    public static final String SPLIT = "\0--drydock--\0";

    /** The git arguments listing the staged change's line counts, NUL-separated. */
    public static List<String> numstat(String baselineCommit) {
        return List.of("diff", "--cached", "--no-ext-diff", "--no-textconv", "-z", "-M", "--numstat", baselineCommit);
    }

    /** The git arguments listing the staged change's files with their status, NUL-separated. */
    public static List<String> nameStatus(String baselineCommit) {
        return List.of("diff", "--cached", "--no-ext-diff", "--no-textconv", "-z", "-M", "--name-status", baselineCommit);
    }

    /** A shell command that stages everything (ignored files stay out) and prints both listings, as {@link #parse} reads. */
    public static String command(String baselineCommit) {
        return GIT + "add -A . >/dev/null && " + GIT + String.join(" ", numstat(baselineCommit)) + " && printf '\\0--drydock--\\0' && "
                + GIT + String.join(" ", nameStatus(baselineCommit));
    }

    private GitDiff() {}

    public static Modifications parse(String output, ChangeClassifier classifier) {
        int split = output.indexOf(SPLIT);
        if (split < 0) {
            throw new IllegalArgumentException("not the output of GitDiff.command: " + output);
        }
        Map<String, long[]> counts = counts(output.substring(0, split));
        String[] status = output.substring(split + SPLIT.length()).split("\0", -1);
        List<FileChange> files = new ArrayList<>();
        for (int i = 0; i + 1 < status.length; ) {
            String code = status[i];
            if (code.isEmpty()) {
                break;
            }
            String path;
            FileChange.Kind kind;
            if (code.startsWith("R") || code.startsWith("C")) {
                path = status[i + 2];
                kind = code.startsWith("R") ? FileChange.Kind.RENAMED : FileChange.Kind.ADDED;
                i += 3;
            } else {
                path = status[i + 1];
                kind = switch (code.charAt(0)) {
                    case 'A' -> FileChange.Kind.ADDED;
                    case 'D' -> FileChange.Kind.DELETED;
                    default -> FileChange.Kind.MODIFIED;
                };
                i += 2;
            }
            long[] lines = counts.getOrDefault(path, new long[] {0, 0, 0});
            files.add(new FileChange(path, kind, classifier.classify(path), lines[0], lines[1], lines[2] == 1));
        }
        return new Modifications(files);
    }

    /** path → {added, removed, binary?1:0}; renames are keyed by the new path. */
    private static Map<String, long[]> counts(String text) {
        Map<String, long[]> counts = new HashMap<>();
        String[] parts = text.split("\0", -1);
        for (int i = 0; i < parts.length; i++) {
            String entry = parts[i];
            if (entry.isEmpty()) {
                continue;
            }
            String[] fields = entry.split("\t", 3);
            if (fields.length < 3) {
                continue;
            }
            boolean binary = fields[0].equals("-");
            long added = binary ? 0 : Long.parseLong(fields[0]);
            long removed = binary ? 0 : Long.parseLong(fields[1]);
            String path = fields[2];
            if (path.isEmpty() && i + 2 < parts.length) {
                path = parts[i + 2]; // rename: "added\tremoved\t\0old\0new"
                i += 2;
            }
            counts.put(path, new long[] {added, removed, binary ? 1 : 0});
        }
        return counts;
    }
}

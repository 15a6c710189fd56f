package dev.drydock.coverage;

import java.nio.file.Path;

/** Turns the paths tools write (absolute, or relative to a source root) into project-relative ones. */
final class ReportPaths {
    private ReportPaths() {}

    /**
     * @param path the path as written in the report
     * @param base the folder the report says it is relative to (a Cobertura source), or empty
     * @param projectRoot the project root, or empty when unknown
     */
    static String normalize(String path, String base, String projectRoot) {
        if (path.indexOf('\0') >= 0 || base.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a file path contains a NUL character");
        }
        if (isClean(path) && isClean(base) && isClean(projectRoot)) {
            // the common case, done on strings: reports list thousands of files and Path is slow for this
            String joined = path.startsWith("/") || base.isEmpty() ? path : base + "/" + path;
            if (!projectRoot.isEmpty() && joined.startsWith(projectRoot + "/")) {
                return joined.substring(projectRoot.length() + 1);
            }
            if (!joined.equals(projectRoot) || projectRoot.isEmpty()) {
                return joined;
            }
        }
        String unified = path.replace('\\', '/');
        Path candidate = Path.of(unified);
        if (!candidate.isAbsolute() && !base.isEmpty()) {
            candidate = Path.of(base.replace('\\', '/')).resolve(candidate);
        }
        candidate = candidate.normalize();
        if (!projectRoot.isEmpty() && candidate.isAbsolute()) {
            Path root = Path.of(projectRoot).normalize();
            if (candidate.startsWith(root)) {
                candidate = root.relativize(candidate);
            }
        }
        return candidate.toString().replace('\\', '/');
    }

    /** No backslashes, no {@code .} or {@code ..} segments, no doubled or trailing slash. */
    private static boolean isClean(String path) {
        if (path.isEmpty()) {
            return true;
        }
        if (path.indexOf('\\') >= 0 || path.contains("//") || path.endsWith("/") || path.equals(".") || path.equals("..")) {
            return false;
        }
        return !path.startsWith("./") && !path.startsWith("../") && !path.contains("/./") && !path.contains("/../")
                && !path.endsWith("/.") && !path.endsWith("/..");
    }
}

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
}

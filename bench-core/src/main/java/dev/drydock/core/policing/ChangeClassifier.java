package dev.drydock.core.policing;

import dev.drydock.api.FileChange.Category;
import dev.drydock.core.config.RepositoryDefinition;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Sorts changed files into test, configuration, lock file, source or other, by the platform's
 * gitignore-style patterns, tried in that order: a pattern without {@code /} matches a file name
 * at any depth ({@code test_*.py}), a pattern with {@code /} matches the whole path ({@code tests/**},
 * {@code src/test/**}). Platforms without patterns get the generic ones below.
 */
public final class ChangeClassifier {
    public static final List<String> GENERIC_TESTS = List.of(
            "tests/**", "test/**", "__tests__/**", "src/test/**", "spec/**", "*.test.*", "*.spec.*", "test_*.py",
            "*_test.py", "*_test.go", "conftest.py");
    public static final List<String> GENERIC_CONFIG = List.of(
            "pyproject.toml", "setup.cfg", "setup.py", "tox.ini", "pytest.ini", ".coveragerc", "noxfile.py",
            "package.json", "jest.config.*", "vitest.config.*", ".c8rc*", ".nycrc*", "babel.config.*", "tsconfig*.json",
            "pom.xml", "build.gradle*", "settings.gradle*", "Cargo.toml", ".cargo/**", "tarpaulin.toml", "Makefile",
            ".github/**");
    public static final List<String> GENERIC_LOCKFILES = List.of(
            "poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock", "requirements*.txt", "package-lock.json", "yarn.lock",
            "pnpm-lock.yaml", "Cargo.lock", "gradle.lockfile", "go.sum");
    public static final List<String> GENERIC_SOURCES = List.of(
            "*.py", "*.js", "*.mjs", "*.cjs", "*.ts", "*.tsx", "*.jsx", "*.java", "*.kt", "*.rs", "*.go", "*.c", "*.h",
            "*.cc", "*.cpp", "*.hpp", "*.rb", "*.cs", "*.scala", "*.swift");

    private final List<String> testPatterns;
    private final List<Rule> tests;
    private final List<Rule> config;
    private final List<Rule> lockfiles;
    private final List<Rule> sources;

    ChangeClassifier(List<String> tests, List<String> config, List<String> lockfiles, List<String> sources) {
        this.testPatterns = tests.isEmpty() ? GENERIC_TESTS : List.copyOf(tests);
        this.tests = rules(testPatterns);
        this.config = rules(config.isEmpty() ? GENERIC_CONFIG : config);
        this.lockfiles = rules(lockfiles.isEmpty() ? GENERIC_LOCKFILES : lockfiles);
        this.sources = rules(sources.isEmpty() ? GENERIC_SOURCES : sources);
    }

    public static ChangeClassifier of(RepositoryDefinition repository) {
        return new ChangeClassifier(repository.testPatterns(), repository.configPatterns(),
                repository.lockfilePatterns(), repository.sourcePatterns());
    }

    /**
     * The test folders ({@code tests/} of a {@code tests/**} pattern) that hold some of {@code
     * testFiles}: where the agent's tests may write while they run in the replay (a counter file, a
     * fixture cache), while the rest of the checkout is read-only.
     */
    public List<String> testFolders(java.util.Collection<String> testFiles) {
        java.util.Set<String> folders = new java.util.TreeSet<>();
        for (String pattern : testPatterns) {
            String prefix = pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3)
                    : pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : null;
            if (prefix != null && !prefix.isEmpty() && !prefix.matches(".*[*?\\[{].*")
                    && testFiles.stream().anyMatch(file -> file.startsWith(prefix + "/"))) {
                folders.add(prefix);
            }
        }
        return List.copyOf(folders);
    }

    public Category classify(String path) {
        if (matches(tests, path)) {
            return Category.TEST;
        }
        if (matches(config, path)) {
            return Category.CONFIG;
        }
        if (matches(lockfiles, path)) {
            return Category.LOCKFILE;
        }
        if (matches(sources, path)) {
            return Category.SOURCE;
        }
        return Category.OTHER;
    }

    private static boolean matches(List<Rule> rules, String path) {
        for (Rule rule : rules) {
            if (rule.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static List<Rule> rules(List<String> patterns) {
        return patterns.stream().map(Rule::new).toList();
    }

    private static final class Rule {
        private final PathMatcher matcher;
        private final boolean nameOnly;

        Rule(String pattern) {
            String trimmed = pattern.endsWith("/") ? pattern + "**" : pattern;
            this.nameOnly = !trimmed.contains("/");
            this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + trimmed);
        }

        boolean matches(String path) {
            Path p = Path.of(path);
            if (nameOnly) {
                Path name = p.getFileName();
                return name != null && matcher.matches(name);
            }
            return matcher.matches(p);
        }
    }
}

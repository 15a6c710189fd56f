package dev.drydock.core.config;

import static java.util.Objects.requireNonNull;

import dev.drydock.spi.ConfigDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A repository with everything needed to measure it, after merging platform &lt; repository
 * template &lt; user overrides.
 *
 * @param template a shipped repository template this one starts from
 * @param description one line for people
 * @param url {@code sample:<name>} for a bundled sample, a local path, or a git URL
 * @param commit the commit to pin; for a remote URL without one, the default branch's head at run time
 * @param platform the platform template whose defaults apply ({@code python}, ...)
 * @param setup script that prepares the workspace (virtualenv, dependencies); run before the baseline
 * @param testCommand how the project's tests run ({@code TEST_COMMAND})
 * @param coverageCommand runs the tests with coverage; without {@code coverageReportCommand} it also
 *     writes {@code coverageReport}
 * @param coverageReportCommand writes {@code coverageReport} from the raw coverage data the coverage
 *     command left, run by drydock after the tests have ended, in a process of its own; when set,
 *     the coverage command runs with the checkout read-only but for {@code testWritable}
 * @param coverageReport the coverage report's path, project-relative ({@code COVERAGE_REPORT_PATH})
 * @param coverageFormat the report's format; detected from its content when absent
 * @param testReport a JUnit XML report the coverage command writes, project-relative
 * @param testReportFormat its format; detected when absent
 * @param testWritable what the test process may write when the checkout is read-only (the runner's
 *     caches and raw coverage data), project-relative folders
 * @param testCreatable folders in which the test process may create new files when the checkout is
 *     read-only, what is there staying read-only (vite 5 bundles a config into a file beside it)
 * @param environmentPaths where an agent's setup installs what its tests need in the replay
 *     ({@code .venv}, {@code node_modules}); the rest of the checkout is read-only to it
 * @param ignore gitignore-style patterns of build artefacts left out of the diff
 * @param testPatterns files that are tests (only their changes are replayed and measured)
 * @param configPatterns build, test and coverage configuration files
 * @param lockfilePatterns dependency lock files
 * @param sourcePatterns source files; other files are "other"
 * @param inlineTestMarker a line that opens a block of tests inside a source file ({@code #[cfg(test)]}
 *     in Rust); changes inside such blocks count as test changes
 * @param testFunctionPattern a regular expression matching the line that starts a test function
 *     (group 1: its name), for counting added tests and the assertion check
 * @param assertionPattern a regular expression matching an assertion; a new test function without
 *     one is flagged
 * @param hasTests ground truth for test running: whether the repository has tests
 * @param needsServices ground truth: whether its tests need services (a database, a network) to run
 * @param frameworks ground truth: its test frameworks ({@code pytest}, {@code unittest}, {@code node:test},
 *     {@code jest}, {@code vitest}, {@code cargo}, {@code junit5}, ...)
 * @param targets files to write tests for; empty for one whole-project run
 * @param env extra variables for every command
 * @param setupTimeout time limit of {@code setup}
 * @param coverageTimeout time limit of one coverage run
 * @param catalog for a template of a real project: its size, licence, toolchain and verified reference numbers
 */
public record RepositoryDefinition(
        Optional<String> template,
        @ConfigDefault("\"\"") String description,
        String url,
        Optional<String> commit,
        String platform,
        @ConfigDefault("\"\"") String setup,
        String testCommand,
        String coverageCommand,
        @ConfigDefault("\"\"") String coverageReportCommand,
        String coverageReport,
        Optional<String> coverageFormat,
        Optional<String> testReport,
        Optional<String> testReportFormat,
        List<String> testWritable,
        List<String> testCreatable,
        List<String> environmentPaths,
        List<String> ignore,
        List<String> testPatterns,
        List<String> configPatterns,
        List<String> lockfilePatterns,
        List<String> sourcePatterns,
        Optional<String> inlineTestMarker,
        Optional<String> testFunctionPattern,
        Optional<String> assertionPattern,
        Optional<Boolean> hasTests,
        @ConfigDefault("false") boolean needsServices,
        List<String> frameworks,
        List<TargetDefinition> targets,
        Map<String, String> env,
        @ConfigDefault("20m") Duration setupTimeout,
        @ConfigDefault("20m") Duration coverageTimeout,
        Optional<CatalogInfo> catalog) {
    public RepositoryDefinition {
        requireNonNull(template, "template is null");
        requireNonNull(description, "description is null");
        requireNonNull(url, "url is null");
        requireNonNull(commit, "commit is null");
        requireNonNull(platform, "platform is null");
        requireNonNull(setup, "setup is null");
        requireNonNull(testCommand, "testCommand is null");
        requireNonNull(coverageCommand, "coverageCommand is null");
        requireNonNull(coverageReportCommand, "coverageReportCommand is null");
        requireNonNull(coverageReport, "coverageReport is null");
        requireNonNull(coverageFormat, "coverageFormat is null");
        requireNonNull(testReport, "testReport is null");
        requireNonNull(testReportFormat, "testReportFormat is null");
        testWritable = List.copyOf(testWritable);
        testCreatable = List.copyOf(testCreatable);
        environmentPaths = List.copyOf(environmentPaths);
        ignore = List.copyOf(ignore);
        testPatterns = List.copyOf(testPatterns);
        configPatterns = List.copyOf(configPatterns);
        lockfilePatterns = List.copyOf(lockfilePatterns);
        sourcePatterns = List.copyOf(sourcePatterns);
        requireNonNull(inlineTestMarker, "inlineTestMarker is null");
        requireNonNull(testFunctionPattern, "testFunctionPattern is null");
        requireNonNull(assertionPattern, "assertionPattern is null");
        testFunctionPattern.ifPresent(java.util.regex.Pattern::compile);
        assertionPattern.ifPresent(java.util.regex.Pattern::compile);
        requireNonNull(hasTests, "hasTests is null");
        frameworks = frameworks.stream().map(f -> f.strip().toLowerCase(java.util.Locale.ROOT)).toList();
        targets = List.copyOf(targets);
        env = Map.copyOf(env);
        requireNonNull(setupTimeout, "setupTimeout is null");
        requireNonNull(coverageTimeout, "coverageTimeout is null");
        requireNonNull(catalog, "catalog is null");
    }

    /**
     * Whether the recipe measures in two steps (tests, then the report from raw data), so the test
     * process can run with the checkout read-only.
     */
    public boolean sealedMeasurement() {
        return !coverageReportCommand.isBlank();
    }

    /** The catalog's size class in lower case ({@code small}, {@code medium}, {@code large}), for catalog projects. */
    public java.util.Optional<String> sizeClass() {
        return catalog.map(info -> info.size().name().toLowerCase(java.util.Locale.ROOT));
    }
}

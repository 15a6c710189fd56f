package dev.drydock.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.drydock.api.ConfigProblem;
import dev.drydock.api.ConfigurationException;
import dev.drydock.api.CoverageSummary;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.TestRunningOutcome.Reference;
import dev.drydock.api.TestSummary;
import dev.drydock.core.config.RepositoryDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The lock file {@code drydock calibrate} writes next to a configuration ({@code name.lock.json}):
 * each repository's reference numbers, measured by running its own recipe, keyed by repository name
 * and valid only for the same commit and the same recipe. Test-running runs compare against it;
 * without a valid entry they measure the reference themselves, once per suite.
 *
 * @param schema {@link #SCHEMA} when written by this version
 * @param repositories the entries by repository name
 */
public record CalibrationLock(int schema, SortedMap<String, Entry> repositories) {
    public static final int SCHEMA = 1;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static final CalibrationLock EMPTY = new CalibrationLock(SCHEMA, new TreeMap<>());

    public CalibrationLock {
        repositories = java.util.Collections.unmodifiableSortedMap(
                new TreeMap<>(requireNonNull(repositories, "repositories is null")));
    }

    /**
     * One repository's reference run.
     *
     * @param url the repository's URL
     * @param commit the commit measured
     * @param recipe a hash of the recipe (setup, coverage command, report paths, environment)
     * @param calibratedAt when, ISO-8601
     * @param drydock the drydock version that measured it
     * @param tests test counts
     * @param coverage coverage totals
     * @param durationMillis how long the coverage command took
     * @param files the source files the coverage report measured; empty in locks written before they were kept
     */
    public record Entry(String url, String commit, String recipe, String calibratedAt, String drydock,
            TestSummary tests, CoverageSummary coverage, long durationMillis, List<String> files) {
        public Entry {
            requireNonNull(url, "url is null");
            requireNonNull(commit, "commit is null");
            requireNonNull(recipe, "recipe is null");
            requireNonNull(calibratedAt, "calibratedAt is null");
            requireNonNull(drydock, "drydock is null");
            requireNonNull(tests, "tests is null");
            requireNonNull(coverage, "coverage is null");
            files = files == null ? List.of() : List.copyOf(files); // null: a lock from before files were kept
        }

        Reference reference(String source) {
            return new Reference(commit, tests, coverage, durationMillis, source, files());
        }
    }

    /** {@code examples/test-running.yaml} → {@code examples/test-running.lock.json}. */
    public static Path fileFor(Path configuration) {
        String name = configuration.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return configuration.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".lock.json");
    }

    /** The lock file's content; {@link #EMPTY} when there is none. A damaged file is a configuration error. */
    public static CalibrationLock read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (IOException e) {
            throw new ConfigurationException(new ConfigProblem(file.toString(), "", "cannot read the lock file: " + e.getMessage()));
        }
        try {
            CalibrationLock lock = MAPPER.readValue(bytes, CalibrationLock.class);
            if (lock.schema() > SCHEMA) {
                throw new ConfigurationException(new ConfigProblem(file.toString(), "schema", "lock file schema "
                        + lock.schema() + " is newer than this drydock reads (" + SCHEMA + "); run drydock calibrate again"));
            }
            return lock;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigurationException config) {
                throw config;
            }
            throw new ConfigurationException(new ConfigProblem(file.toString(), "", "not a drydock lock file ("
                    + firstLine(e.getMessage()) + "); delete it or run drydock calibrate again"));
        }
    }

    /** The entry for a repository if it was measured at this commit with this recipe. */
    public Optional<Entry> valid(String name, String commit, RepositoryDefinition repository) {
        return Optional.ofNullable(repositories.get(name))
                .filter(entry -> entry.commit().equals(commit) && entry.recipe().equals(recipeHash(repository)));
    }

    public CalibrationLock with(String name, Entry entry) {
        SortedMap<String, Entry> entries = new TreeMap<>(repositories);
        entries.put(name, entry);
        return new CalibrationLock(SCHEMA, entries);
    }

    /** Writes through a temporary file and an atomic rename: a reader never sees half a file. */
    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            try {
                Files.write(temp, (MAPPER.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8));
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (JsonProcessingException e) {
            throw new DrydockException(ErrorCode.INTERNAL, "cannot write the lock file", e);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot write the lock file " + file + ": " + e.getMessage(), e);
        }
    }

    /** What the reference numbers depend on besides the commit. */
    public static String recipeHash(RepositoryDefinition repository) {
        StringBuilder recipe = new StringBuilder()
                .append(repository.setup()).append('\0')
                .append(repository.coverageCommand()).append('\0').append(repository.coverageReportCommand()).append('\0')
                .append(repository.coverageReport()).append('\0')
                .append(repository.testReport().orElse("")).append('\0');
        new TreeMap<>(repository.env()).forEach((k, v) -> recipe.append(k).append('=').append(v).append('\0'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(recipe.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}

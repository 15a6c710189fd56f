package dev.drydock.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.drydock.api.AgentInfo;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.RepositoryInfo;
import dev.drydock.api.RunError;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs in progress, one small file each in the cache folder, written before a run starts and removed
 * once its result is stored. A file whose drydock process is gone is a run that was interrupted (a
 * crash, a kill, a power cut): the next drydock that runs the same configuration records it as
 * {@link RunStatus#INTERRUPTED}, so that no run vanishes without a trace.
 */
final class RunJournal {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /** What a run is, written before it starts; {@code target} is empty for a run without one. */
    record Entry(String runId, String configuration, long pid, String suite, String benchmark, String agent,
            String agentVersion, String repository, String url, String commit, String platform, String target,
            int repetition, String startedAt) {}

    private final Path folder;

    RunJournal(Path cacheDirectory) {
        this.folder = cacheDirectory.resolve("runs-in-progress");
    }

    void started(RunPlan plan, Path configuration, Instant at) {
        Entry entry = new Entry(plan.runId(), configuration.toAbsolutePath().normalize().toString(), ProcessHandle.current().pid(),
                plan.suite(), plan.benchmark().id(), plan.agentName(), plan.agent().version(), plan.repositoryName(),
                plan.repository().url(), plan.repository().commit().orElse("unresolved"), plan.repository().platform(),
                plan.target().map(t -> t.file()).orElse(""), plan.repetition(), at.toString());
        try {
            Files.createDirectories(folder);
            Path temporary = folder.resolve(plan.runId() + ".json.tmp");
            MAPPER.writeValue(temporary.toFile(), entry);
            Files.move(temporary, folder.resolve(plan.runId() + ".json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run journal in " + folder + ": " + e.getMessage(), e);
        }
    }

    void finished(String runId) {
        try {
            Files.deleteIfExists(folder.resolve(runId + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the run journal in " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The runs of {@code configuration} whose drydock process is gone, as interrupted results (ended
     * when their journal file was last written). The caller stores them, then calls {@link #finished}.
     */
    List<RunResult> interrupted(Path configuration) {
        String wanted = configuration.toAbsolutePath().normalize().toString();
        List<RunResult> results = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
            for (Path file : files) {
                Entry entry;
                try {
                    entry = MAPPER.readValue(file.toFile(), Entry.class);
                } catch (IOException e) {
                    continue; // not ours to judge; a damaged entry is left for a person
                }
                if (entry.configuration().equals(wanted) && ProcessHandle.of(entry.pid()).filter(ProcessHandle::isAlive).isEmpty()) {
                    results.add(result(entry, Files.getLastModifiedTime(file).toInstant()));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run journal in " + folder + ": " + e.getMessage(), e);
        }
        return results;
    }

    private static RunResult result(Entry entry, Instant lastSeen) {
        Instant started = Instant.parse(entry.startedAt());
        return new RunResult(RunResult.SCHEMA_VERSION, entry.runId(), entry.suite(), entry.benchmark(),
                new AgentInfo(entry.agent(), entry.agentVersion()),
                new RepositoryInfo(entry.repository(), entry.url(), entry.commit(), entry.platform()),
                Optional.of(entry.target()).filter(t -> !t.isEmpty()),
                entry.repetition(), started, lastSeen.isBefore(started) ? started : lastSeen, RunStatus.INTERRUPTED,
                Optional.of(new RunError(ErrorCode.INTERRUPTED, "drydock (process " + entry.pid()
                        + ") stopped before the run finished; nothing of it was measured", "")),
                Optional.empty(), Optional.empty(), Optional.empty(), Usage.ZERO, Optional.empty(), new TreeMap<>(),
                Optional.empty());
    }
}

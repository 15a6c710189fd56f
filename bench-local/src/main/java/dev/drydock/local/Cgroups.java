package dev.drydock.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory and process limits for a workspace through a cgroup of its own, on cgroup v2 (one
 * hierarchy) or v1 (the {@code memory} and {@code pids} hierarchies), wherever drydock may create
 * cgroups (as root, or in a delegated subtree). Each workspace's cgroup is named after the drydock
 * process that made it, so a later drydock can reap what a killed one left.
 */
final class Cgroups {
    private static final Logger log = LoggerFactory.getLogger(Cgroups.class);
    private static final String PARENT = "drydock";

    /** One hierarchy: its drydock folder and the file names of the two limits in it. */
    private record Hierarchy(Path parent, Optional<String> memoryFile, Optional<String> pidsFile) {}

    private final List<Hierarchy> hierarchies;
    private final String unavailable;

    private Cgroups(List<Hierarchy> hierarchies, String unavailable) {
        this.hierarchies = hierarchies;
        this.unavailable = unavailable;
    }

    /** The cgroups drydock can use on this machine (none when it cannot create any). */
    static Cgroups detect(Path mount) {
        List<Hierarchy> found = new ArrayList<>();
        if (Files.isRegularFile(mount.resolve("cgroup.controllers"))) {
            Path parent = mount.resolve(PARENT);
            if (prepare(parent) && enableV2Controllers(mount, parent)) {
                found.add(new Hierarchy(parent, Optional.of("memory.max"), Optional.of("pids.max")));
            }
        } else {
            Path memory = mount.resolve("memory").resolve(PARENT);
            Path pids = mount.resolve("pids").resolve(PARENT);
            if (prepare(memory)) {
                found.add(new Hierarchy(memory, Optional.of("memory.limit_in_bytes"), Optional.empty()));
            }
            if (prepare(pids)) {
                found.add(new Hierarchy(pids, Optional.empty(), Optional.of("pids.max")));
            }
        }
        return new Cgroups(List.copyOf(found), found.isEmpty()
                ? "no cgroup drydock may create under " + mount + " (run as root or delegate a cgroup subtree)" : "");
    }

    /** Whether drydock may create cgroups here. */
    boolean available() {
        return !hierarchies.isEmpty();
    }

    /** Why it may not, when it may not. */
    String unavailableReason() {
        return unavailable;
    }

    /** Makes a cgroup for one workspace with the given limits (in each hierarchy that has one). */
    Group create(String name, Optional<Long> memoryBytes, int processLimit) {
        List<Path> folders = new ArrayList<>();
        Optional<Long> memory = Optional.empty();
        Optional<Integer> processes = Optional.empty();
        for (Hierarchy hierarchy : hierarchies) {
            Path folder = hierarchy.parent().resolve(ProcessHandle.current().pid() + "-" + name);
            try {
                Files.createDirectories(folder);
                folders.add(folder);
                if (hierarchy.memoryFile().isPresent() && memoryBytes.isPresent()) {
                    write(folder.resolve(hierarchy.memoryFile().get()), String.valueOf(memoryBytes.get()));
                    if (Files.exists(folder.resolve("memory.swap.max"))) {
                        write(folder.resolve("memory.swap.max"), "0");
                    }
                    memory = memoryBytes;
                }
                if (hierarchy.pidsFile().isPresent() && processLimit > 0) {
                    write(folder.resolve(hierarchy.pidsFile().get()), String.valueOf(processLimit));
                    processes = Optional.of(processLimit);
                }
            } catch (IOException e) {
                log.warn("cannot set up cgroup {}: {}", folder, e.toString());
            }
        }
        String why = hierarchies.isEmpty() ? unavailable : "not configured, or no cgroup controller for it here";
        return new Group(List.copyOf(folders), new Limits(memory, processes, why));
    }

    /** A workspace's cgroup folders (one per hierarchy) and the limits they hold. */
    record Group(List<Path> folders, Limits limits) {
        /** {@code argv} started from a shell that first moves itself into the cgroup, so all it starts is in it. */
        List<String> wrap(List<String> argv) {
            if (folders.isEmpty()) {
                return argv;
            }
            StringBuilder join = new StringBuilder();
            for (Path folder : folders) {
                join.append("echo $$ > ").append(LocalWorkspaceBackend.quote(folder.resolve("cgroup.procs").toString())).append(" && ");
            }
            List<String> wrapped = new ArrayList<>(List.of("bash", "-c", join + "exec \"$@\"", "drydock-cgroup"));
            wrapped.addAll(argv);
            return wrapped;
        }

        /** Kills whatever still runs in the cgroup. */
        void killAll() {
            for (Path folder : folders) {
                Path kill = folder.resolve("cgroup.kill");
                if (Files.exists(kill)) {
                    tryWrite(kill, "1");
                } else {
                    pids(folder).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                }
            }
        }

        /** Kills what is left and removes the cgroup. */
        void remove() {
            killAll();
            for (Path folder : folders) {
                removeFolder(folder);
            }
        }
    }

    /**
     * Removes the cgroups of drydock processes that no longer run, killing what is left in them:
     * the record a {@code kill -9} of drydock leaves behind. Returns how many it reaped.
     */
    int reap() {
        int reaped = 0;
        for (Hierarchy hierarchy : hierarchies) {
            try (DirectoryStream<Path> groups = Files.newDirectoryStream(hierarchy.parent(), Files::isDirectory)) {
                for (Path group : groups) {
                    String owner = group.getFileName().toString().split("-", 2)[0];
                    if (!owner.matches("\\d+") || ProcessHandle.of(Long.parseLong(owner)).isPresent()) {
                        continue;
                    }
                    List<Long> left = pids(group);
                    left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                    if (!left.isEmpty()) {
                        log.warn("killed {} process(es) a drydock that is gone left in {}", left.size(), group);
                    }
                    removeFolder(group);
                    reaped++;
                }
            } catch (IOException e) {
                log.warn("cannot list {}: {}", hierarchy.parent(), e.toString());
            }
        }
        return reaped;
    }

    private static List<Long> pids(Path folder) {
        try {
            return Files.readAllLines(folder.resolve("cgroup.procs")).stream()
                    .filter(line -> !line.isBlank()).map(line -> Long.parseLong(line.strip())).toList();
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
    }

    private static void removeFolder(Path folder) {
        // a cgroup empties a moment after its last process is killed
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Files.deleteIfExists(folder);
                return;
            } catch (IOException busy) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        log.warn("cannot remove cgroup {}", folder);
    }

    private static boolean prepare(Path parent) {
        try {
            Files.createDirectories(parent);
            return Files.isWritable(parent);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static boolean enableV2Controllers(Path mount, Path parent) {
        String available = read(parent.resolve("cgroup.controllers"));
        if (!available.contains("memory") || !available.contains("pids")) {
            tryWrite(mount.resolve("cgroup.subtree_control"), "+memory +pids");
        }
        tryWrite(parent.resolve("cgroup.subtree_control"), "+memory +pids");
        return read(parent.resolve("cgroup.subtree_control")).contains("pids");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardCharsets.US_ASCII);
    }

    private static void tryWrite(Path file, String value) {
        try {
            write(file, value);
        } catch (IOException e) {
            log.debug("cannot write {} to {}: {}", value, file, e.toString());
        }
    }
}

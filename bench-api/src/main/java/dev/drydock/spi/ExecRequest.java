package dev.drydock.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A command to run in a workspace.
 *
 * @param command a bash script, run as {@code bash -c command}
 * @param workingDirectory relative to the project root; empty for the project root itself
 * @param env variables added to the workspace's environment (they win over it)
 * @param timeout the time limit; past it the whole process tree is killed
 * @param outputLimit bytes kept per stream; beyond it the head and tail are kept and the rest counted
 * @param phase whose code the command runs, which decides what its sandbox may write and reach
 * @param readOnly paths of the checkout (relative to the project root; {@code "."} for all of it) the
 *     command must not be able to change; empty for none. A provider that cannot enforce this says
 *     so in {@link Workspace#isolation()} ({@code read-only-paths} not enforced)
 * @param writable paths inside {@code readOnly} the command may write after all; a provider creates
 *     them as folders when they are missing (and replaces a symbolic link it finds there). A path
 *     with a {@code *} in it ({@code &#42;/target}) stands for the folders it matches, none created
 * @param creatable folders inside {@code readOnly} in which the command may create new files, while
 *     what is already there stays read-only (a tool that writes a temporary file beside its
 *     configuration); only existing folders, a {@code *} as in {@code writable}
 */
public record ExecRequest(
        String command,
        String workingDirectory,
        Map<String, String> env,
        Duration timeout,
        int outputLimit,
        ExecPhase phase,
        List<String> readOnly,
        List<String> writable,
        List<String> creatable) {
    public static final int DEFAULT_OUTPUT_LIMIT = 1 << 20;

    public ExecRequest {
        requireNonNull(command, "command is null");
        requireNonNull(workingDirectory, "workingDirectory is null");
        env = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(env, "env is null")));
        requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        requireNonNull(phase, "phase is null");
        if (outputLimit < 64) {
            throw new IllegalArgumentException("outputLimit must be at least 64 bytes: " + outputLimit);
        }
        readOnly = List.copyOf(requireNonNull(readOnly, "readOnly is null"));
        writable = List.copyOf(requireNonNull(writable, "writable is null"));
        creatable = List.copyOf(requireNonNull(creatable, "creatable is null"));
        List<String> all = new java.util.ArrayList<>(readOnly);
        all.addAll(writable);
        all.addAll(creatable);
        for (String path : all) {
            if (path.isBlank() || path.startsWith("/") || java.util.Arrays.asList(path.split("/")).contains("..")) {
                throw new IllegalArgumentException("not a path inside the checkout: '" + path + "'");
            }
        }
    }

    /** A command the whole checkout is writable to. */
    public ExecRequest(String command, String workingDirectory, Map<String, String> env, Duration timeout, int outputLimit,
            ExecPhase phase) {
        this(command, workingDirectory, env, timeout, outputLimit, phase, List.of(), List.of(), List.of());
    }

    /** A command in the {@link ExecPhase#MEASURE} phase, the default for anything not the setup recipe or the agent. */
    public static ExecRequest of(String command, Duration timeout) {
        return new ExecRequest(command, "", Map.of(), timeout, DEFAULT_OUTPUT_LIMIT, ExecPhase.MEASURE);
    }

    public ExecRequest withEnv(Map<String, String> env) {
        return new ExecRequest(command, workingDirectory, env, timeout, outputLimit, phase, readOnly, writable, creatable);
    }

    public ExecRequest withOutputLimit(int outputLimit) {
        return new ExecRequest(command, workingDirectory, env, timeout, outputLimit, phase, readOnly, writable, creatable);
    }

    public ExecRequest inPhase(ExecPhase phase) {
        return new ExecRequest(command, workingDirectory, env, timeout, outputLimit, phase, readOnly, writable, creatable);
    }

    /** The same command with {@code readOnly} paths it cannot change, but for the {@code writable} ones inside them. */
    public ExecRequest withWriteAccess(List<String> readOnly, List<String> writable) {
        return withWriteAccess(readOnly, writable, List.of());
    }

    /** As above, and {@code creatable} folders inside them it may add new files to. */
    public ExecRequest withWriteAccess(List<String> readOnly, List<String> writable, List<String> creatable) {
        return new ExecRequest(command, workingDirectory, env, timeout, outputLimit, phase, readOnly, writable, creatable);
    }
}

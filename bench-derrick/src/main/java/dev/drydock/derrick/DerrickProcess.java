package dev.drydock.derrick;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One Derrick process in a folder of its own: started in a session of its own ({@code setsid}) so
 * that stopping it reaches every command it started, its output in a log file that callers read
 * from an offset (the part that belongs to one request).
 */
final class DerrickProcess {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    private final Process process;
    private final Path log;

    private DerrickProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Fails at once with a clear message when something else already listens on the port. */
    static void requireFreePort(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException free) {
            return;
        }
        throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "port " + port + " on 127.0.0.1 is taken by another"
                + " program; Derrick always binds it, so stop that program (an orphaned Derrick: pkill -f 'derrick -p')");
    }

    static DerrickProcess start(String binary, DerrickConfig.Mode mode, Path folder, Map<String, String> env) {
        Path log = folder.resolve("derrick.log");
        ProcessBuilder builder = new ProcessBuilder(List.of("setsid", binary, "-p", mode.flag(), "-s", "http", "-w", "config.json"))
                .directory(folder.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("NO_COLOR", "1");
        try {
            return new DerrickProcess(builder.start(), log);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "cannot start " + binary + ": " + e.getMessage(), e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return log;
    }

    /** Bytes of log written so far: where the next request's part begins. */
    long logSize() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The log from {@code offset} on (at most the last 16 KiB of it), without terminal colours. */
    String logSince(long offset) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(offset, length - 16 * 1024);
            byte[] bytes = new byte[(int) Math.max(0, length - from)];
            file.seek(from);
            file.readFully(bytes);
            return ANSI.matcher(new String(bytes, StandardCharsets.UTF_8)).replaceAll("");
        } catch (IOException e) {
            return "(Derrick's log is unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to the whole session (Derrick and the commands it runs), SIGKILL after a grace period. */
    void stop() {
        signal("TERM");
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                signal("KILL");
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signal("KILL"); // commands that outlived Derrick in its process group
    }

    private void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException ignored) {
            // the group is gone already
        }
    }
}

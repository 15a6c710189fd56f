package dev.drydock.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster from the machine's own PostgreSQL (Debian's {@code postgresql}
 * package): {@code initdb} into a temporary folder, {@code postgres} on a free port of 127.0.0.1,
 * trust authentication for user {@code drydock}. PostgreSQL refuses to run as root, so when the tests
 * run as root the server runs as the package's {@code postgres} user (or {@code drydock-pg}, made on
 * first use). {@link #close()} stops it and deletes the folder; {@link #kill()} sends SIGKILL, for
 * crash tests, and {@link #restart()} starts it again on the same data.
 */
public final class PostgresCluster implements AutoCloseable {
    public static final String USER = "drydock";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path folder;
    private final Path data;
    private final int port;
    private final List<String> asUser;
    private Process server;

    private PostgresCluster(Path bin, Path folder, int port, List<String> asUser) {
        this.bin = bin;
        this.folder = folder;
        this.data = folder.resolve("data");
        this.port = port;
        this.asUser = asUser;
    }

    /** Initialises and starts a new cluster; fails with what to install when PostgreSQL is missing. */
    public static PostgresCluster start() {
        try {
            Path bin = findBin();
            Path folder = Files.createTempDirectory("drydock-pg-");
            List<String> asUser = List.of();
            if ("root".equals(System.getProperty("user.name"))) {
                String user = serviceUser();
                run(List.of("chown", user + ":", folder.toString()), Duration.ofSeconds(10));
                asUser = List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--");
            }
            PostgresCluster cluster = new PostgresCluster(bin, folder, freePort(), asUser);
            List<String> initdb = new ArrayList<>(asUser);
            initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", cluster.data.toString(), "-U", USER,
                    "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"));
            run(initdb, Duration.ofMinutes(2));
            cluster.startServer();
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startServer() throws IOException {
        List<String> command = new ArrayList<>(asUser);
        command.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
                "-k", folder.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"));
        server = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("server.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Process ready = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1",
                    "-p", Integer.toString(port)).redirectErrorStream(true).start();
            try {
                if (ready.waitFor() == 0) {
                    return;
                }
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL did not start: " + log());
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while PostgreSQL started", e);
            }
        }
    }

    /** A new, empty database and its JDBC URL (user {@link #USER}, no password). */
    public String createDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try {
            run(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER,
                    name), Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    public int port() {
        return port;
    }

    /** SIGKILL to the server and every backend it started, as a crash of the machine's database would. */
    public void kill() {
        List<ProcessHandle> all = new ArrayList<>(server.toHandle().descendants().toList());
        all.add(0, server.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            process.onExit().join();
        }
    }

    /** Starts the server again on the same data (after {@link #kill()}: PostgreSQL recovers from its WAL). */
    public void restart() {
        try {
            startServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the server wrote, for failure messages. */
    public String log() {
        try {
            return Files.readString(folder.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (server != null && server.isAlive()) {
            // SIGINT is PostgreSQL's fast shutdown: clients are disconnected instead of waited for
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start().waitFor();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            } catch (IOException e) {
                server.destroyForcibly();
            } catch (InterruptedException e) {
                server.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            waitForExit();
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }

    private void waitForExit() {
        try {
            server.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path findBin() throws IOException {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                // the newest major version installed
                Path newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
                        .orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb"))) {
                return Path.of(dir, "initdb").toRealPath().getParent(); // beside the real initdb, not a symbolic link
            }
        }
        throw new IllegalStateException("PostgreSQL's initdb was not found: install Debian's postgresql package (./test does)");
    }

    /** The system user PostgreSQL runs as when the tests run as root. */
    private static String serviceUser() throws IOException {
        for (String user : List.of("postgres", "drydock-pg")) {
            if (run(List.of("id", "-u", user), Duration.ofSeconds(10), false) == 0) {
                return user;
            }
        }
        run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "drydock-pg"),
                Duration.ofSeconds(30));
        return "drydock-pg";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void run(List<String> command, Duration timeout) throws IOException {
        run(command, timeout, true);
    }

    private static int run(List<String> command, Duration timeout, boolean mustSucceed) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + timeout);
            }
            if (mustSucceed && process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

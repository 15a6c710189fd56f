package dev.drydock.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The machine's processes as {@code ps} shows them, for checks that nothing an agent started lives on. */
public final class Processes {
    private Processes() {}

    /**
     * Processes (but this one) whose command line contains {@code canary}, read from {@code
     * /proc/PID/cmdline}: unlike {@link ProcessHandle.Info#commandLine()}, which names the
     * executable's path, it keeps an {@code argv[0]} set with {@code exec -a}.
     */
    public static List<Long> named(String canary) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            byte[] line = Files.readAllBytes(p.resolve("cmdline"));
                            return new String(line, StandardCharsets.UTF_8).replace('\0', ' ').contains(canary);
                        } catch (IOException | RuntimeException gone) {
                            return false;
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .filter(pid -> pid != ProcessHandle.current().pid())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real-world-shaped projects under {@code src/test/resources/projects}, committed into git repositories. */
final class SampleProjects {
    private SampleProjects() {}

    /** Copies project {@code name} to {@code target} and commits it there, as a real repository would be. */
    static void commit(String name, Path target) throws IOException, InterruptedException {
        Path source = Path.of("src/test/resources/projects", name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        for (String command : List.of("git init -q", "git add -A",
                "git -c user.name=drydock -c user.email=drydock@localhost commit -q -m sample")) {
            Process git = new ProcessBuilder("sh", "-c", command).directory(target.toFile()).inheritIO().start();
            assertThat(git.waitFor()).as(command).isZero();
        }
    }
}

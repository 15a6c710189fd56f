package dev.drydock.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Makes small git repositories for tests with the real {@code git}. */
public final class GitFixture {
    private GitFixture() {}

    /**
     * Creates a repository in {@code dir} holding {@code files} (path → content) in one commit.
     *
     * @return the full id of the commit
     */
    public static String createRepository(Path dir, Map<String, String> files) {
        try {
            Files.createDirectories(dir);
            git(dir, "init", "--quiet", "--initial-branch=main");
            return commit(dir, files, "initial");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code files} into the repository and commits them; returns the new commit id. */
    public static String commit(Path dir, Map<String, String> files, String message) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            }
            git(dir, "add", "-A");
            git(dir, "-c", "user.name=drydock-test", "-c", "user.email=test@drydock.invalid",
                    "commit", "--quiet", "--allow-empty", "-m", message);
            return git(dir, "rev-parse", "HEAD").strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs git in {@code dir} and returns its standard output; fails the test on a non-zero exit. */
    public static String git(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

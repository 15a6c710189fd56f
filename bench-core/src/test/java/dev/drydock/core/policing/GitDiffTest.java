package dev.drydock.core.policing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.FileChange;
import dev.drydock.api.FileChange.Category;
import dev.drydock.api.FileChange.Kind;
import dev.drydock.api.Modifications;
import dev.drydock.testkit.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parses what the real git prints for {@link GitDiff#command}. */
class GitDiffTest {
    private static final ChangeClassifier GENERIC =
            new ChangeClassifier(java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of());

    @TempDir
    Path repo;

    private String diff(String baseline) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", GitDiff.command(baseline)).directory(repo.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        return out;
    }

    @Test
    void readsAddedModifiedDeletedRenamedBinaryAndOddNames() throws Exception {
        String base = GitFixture.createRepository(repo, Map.of(
                "keep.txt", "a\nb\nc\n",
                "gone.txt", "x\n",
                "old name.txt", "one\ntwo\nthree\nfour\nfive\n"));
        Files.writeString(repo.resolve("keep.txt"), "a\nB\nc\nd\n");
        Files.delete(repo.resolve("gone.txt"));
        Files.move(repo.resolve("old name.txt"), repo.resolve("new näme.txt"));
        Files.createDirectories(repo.resolve("tests"));
        Files.writeString(repo.resolve("tests/plain.txt"), "");
        Files.write(repo.resolve("blob.bin"), new byte[] {0, 1, 2, 0, 3});

        Modifications modifications = GitDiff.parse(diff(base), GENERIC);

        assertThat(modifications.files()).containsExactlyInAnyOrder(
                new FileChange("keep.txt", Kind.MODIFIED, Category.OTHER, 2, 1, false),
                new FileChange("gone.txt", Kind.DELETED, Category.OTHER, 0, 1, false),
                new FileChange("new näme.txt", Kind.RENAMED, Category.OTHER, 0, 0, false),
                new FileChange("tests/plain.txt", Kind.ADDED, Category.TEST, 0, 0, false),
                new FileChange("blob.bin", Kind.ADDED, Category.OTHER, 0, 0, true));
        assertThat(modifications.filesChanged()).isEqualTo(5);
        assertThat(modifications.linesAdded()).isEqualTo(2);
        assertThat(modifications.linesRemoved()).isEqualTo(2);
    }

    @Test
    void countsAgainstTheBaselineEvenWhenTheAgentCommitted() throws Exception {
        String base = GitFixture.createRepository(repo, Map.of("a.txt", "1\n"));
        GitFixture.commit(repo, Map.of("a.txt", "1\n2\n"), "agent commit");
        Modifications modifications = GitDiff.parse(diff(base), GENERIC);
        assertThat(modifications.files()).containsExactly(new FileChange("a.txt", Kind.MODIFIED, Category.OTHER, 1, 0, false));
    }

    @Test
    void ignoredFilesStayOut() throws Exception {
        String base = GitFixture.createRepository(repo, Map.of("a.txt", "1\n"));
        Files.writeString(repo.resolve(".git/info/exclude"), ".venv/\n");
        Files.createDirectories(repo.resolve(".venv"));
        Files.writeString(repo.resolve(".venv/big.py"), "x = 1\n");
        assertThat(GitDiff.parse(diff(base), GENERIC).files()).isEmpty();
    }
}

package dev.drydock.core.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.testkit.GitFixture;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryResolverTest {
    @TempDir
    Path temp;

    @Test
    void aBundledSampleGetsTheSameCommitInEveryCache() {
        ResolvedRepository first = new RepositoryResolver(temp.resolve("cache-a"), temp)
                .resolve("sample:python-inventory", Optional.empty());
        ResolvedRepository second = new RepositoryResolver(temp.resolve("cache-b"), temp)
                .resolve("sample:python-inventory", Optional.empty());
        assertThat(first.commit()).hasSize(40).isEqualTo(second.commit());
        assertThat(Path.of(first.cloneSource()).resolve("src/inventory/pricing.py")).exists();
        assertThat(GitFixture.git(Path.of(first.cloneSource()), "status", "--porcelain")).isEmpty();
        // resolving again reuses the cached repository
        assertThat(new RepositoryResolver(temp.resolve("cache-a"), temp).resolve("sample:python-inventory", Optional.empty()))
                .isEqualTo(first);
    }

    @Test
    void anUnknownSampleListsTheBundledOnes() {
        assertThatThrownBy(() -> new RepositoryResolver(temp, temp).resolve("sample:nope", Optional.empty()))
                .isInstanceOf(DrydockException.class)
                .hasMessageContaining("no bundled sample named 'nope'; bundled: java-inventory, js-inventory, python-hidden-tests, python-inventory, python-no-tests, rust-shapes");
    }

    @Test
    void localPathsResolveAgainstTheConfigFolderAndPinBranchesToFullIds() {
        String first = GitFixture.createRepository(temp.resolve("repos/app"), Map.of("a.txt", "1\n"));
        String second = GitFixture.commit(temp.resolve("repos/app"), Map.of("a.txt", "2\n"), "second");
        RepositoryResolver resolver = new RepositoryResolver(temp.resolve("cache"), temp.resolve("repos"));
        assertThat(resolver.resolve("app", Optional.empty()).commit()).isEqualTo(second);
        assertThat(resolver.resolve("app", Optional.of(first.substring(0, 10))).commit()).isEqualTo(first);
        assertThat(resolver.resolve("app", Optional.of("main")).commit()).isEqualTo(second);
    }

    @Test
    void urlsAreMirroredIntoTheCacheAndFetchedWhenACommitIsMissing() {
        Path origin = temp.resolve("origin");
        String first = GitFixture.createRepository(origin, Map.of("a.txt", "1\n"));
        RepositoryResolver resolver = new RepositoryResolver(temp.resolve("cache"), temp);
        ResolvedRepository mirrored = resolver.resolve(origin.toUri().toString(), Optional.of(first));
        assertThat(mirrored.commit()).isEqualTo(first);
        assertThat(Path.of(mirrored.cloneSource())).startsWith(temp.resolve("cache/mirrors"));

        String second = GitFixture.commit(origin, Map.of("a.txt", "2\n"), "second");
        assertThat(resolver.resolve(origin.toUri().toString(), Optional.of(second)).commit()).isEqualTo(second);
    }

    @Test
    void aMissingCommitOrFolderIsARepositoryError() {
        GitFixture.createRepository(temp.resolve("app"), Map.of("a.txt", "1\n"));
        RepositoryResolver resolver = new RepositoryResolver(temp.resolve("cache"), temp);
        assertThatThrownBy(() -> resolver.resolve("app", Optional.of("deadbeefdeadbeef")))
                .isInstanceOf(DrydockException.class)
                .hasMessageContaining("commit 'deadbeefdeadbeef' not found in app")
                .satisfies(e -> assertThat(((DrydockException) e).code()).isEqualTo(ErrorCode.REPOSITORY));
        assertThatThrownBy(() -> resolver.resolve("missing", Optional.empty()))
                .isInstanceOf(DrydockException.class)
                .hasMessageContaining("repository missing not found");
    }
}

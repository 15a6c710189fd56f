package dev.drydock.core.repository;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.core.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a repository URL and an optional commit into a local clone source and a full commit id.
 *
 * <ul>
 *   <li>{@code sample:<name>}: a sample shipped under {@code dev/drydock/core/samples/<name>},
 *       committed once into the cache with a fixed author and date, so its commit id only changes
 *       when its files do;
 *   <li>a URL with {@code ://} or {@code git@}: a bare mirror in the cache, fetched when the
 *       pinned commit is not there yet;
 *   <li>anything else: a local repository path, relative to the configuration's folder.
 * </ul>
 */
public final class RepositoryResolver {
    private static final Logger log = LoggerFactory.getLogger(RepositoryResolver.class);
    public static final String SAMPLE_PREFIX = "sample:";
    private static final String SAMPLES = "dev/drydock/core/samples/";
    private static final PersonIdent SAMPLE_AUTHOR =
            new PersonIdent("drydock", "samples@drydock.invalid", Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

    private final Path cacheDirectory;
    private final Path baseDirectory;

    public RepositoryResolver(Path cacheDirectory, Path baseDirectory) {
        this.cacheDirectory = cacheDirectory;
        this.baseDirectory = baseDirectory;
    }

    public ResolvedRepository resolve(String url, Optional<String> commit) {
        try {
            if (url.startsWith(SAMPLE_PREFIX)) {
                Path repository = materializeSample(url.substring(SAMPLE_PREFIX.length()));
                return new ResolvedRepository(url, repository.toString(), pin(repository, commit, url));
            }
            if (url.contains("://") || url.startsWith("git@")) {
                Path mirror = mirror(url, commit);
                return new ResolvedRepository(url, mirror.toString(), pin(mirror, commit, url));
            }
            Path local = baseDirectory.resolve(url).toAbsolutePath().normalize();
            if (!Files.isDirectory(local)) {
                throw new DrydockException(ErrorCode.REPOSITORY, "repository " + url + " not found at " + local);
            }
            return new ResolvedRepository(url, local.toString(), pin(local, commit, url));
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.REPOSITORY, "cannot prepare repository " + url + ": " + e.getMessage(), e);
        } catch (GitAPIException e) {
            throw new DrydockException(ErrorCode.REPOSITORY, "git failed for repository " + url + ": " + e.getMessage(), e);
        }
    }

    /** The full id of {@code commit} (a sha, short sha, branch or tag), or of HEAD when absent. */
    private static String pin(Path repository, Optional<String> commit, String url) throws IOException {
        try (Repository repo = open(repository); RevWalk walk = new RevWalk(repo)) {
            String wanted = commit.orElse("HEAD");
            ObjectId id = resolveCommit(repo, wanted);
            if (id == null) {
                throw new DrydockException(ErrorCode.REPOSITORY, "commit '" + wanted + "' not found in " + url);
            }
            RevCommit resolved = walk.parseCommit(id);
            return resolved.getName();
        }
    }

    private static Repository open(Path repository) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
        Path dotGit = repository.resolve(".git");
        return (Files.isDirectory(dotGit) ? builder.setGitDir(dotGit.toFile()) : builder.setGitDir(repository.toFile())).build();
    }

    /** A sample as a git repository in the cache, keyed by a hash of its content. */
    Path materializeSample(String name) throws IOException, GitAPIException {
        Map<String, byte[]> files = Resources.tree(SAMPLES + name);
        if (files.isEmpty()) {
            throw new DrydockException(ErrorCode.REPOSITORY, "no bundled sample named '" + name + "'; bundled: "
                    + String.join(", ", Resources.tree(SAMPLES).keySet().stream()
                            .map(path -> path.substring(0, path.indexOf('/')))
                            .distinct()
                            .toList()));
        }
        Path target = cacheDirectory.resolve("samples").resolve(name + "-" + contentHash(files));
        if (Files.isDirectory(target.resolve(".git"))) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "." + name + "-");
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = staging.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
        try (Git git = Git.init().setDirectory(staging.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("drydock sample " + name)
                    .setAuthor(SAMPLE_AUTHOR)
                    .setCommitter(SAMPLE_AUTHOR)
                    .setSign(false)
                    .call();
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
            deleteTree(staging); // another process made the same sample first; its copy is identical
        }
        log.info("bundled sample {} is at {}", name, target);
        return target;
    }

    private Path mirror(String url, Optional<String> commit) throws IOException, GitAPIException {
        Path mirror = cacheDirectory.resolve("mirrors").resolve(safe(url) + "-" + hash(url.getBytes(StandardCharsets.UTF_8)) + ".git");
        if (!Files.isDirectory(mirror)) {
            log.info("mirroring {} into {}", url, mirror);
            Files.createDirectories(mirror.getParent());
            Path staging = Files.createTempDirectory(mirror.getParent(), ".mirror-");
            Git.cloneRepository().setURI(url).setBare(true).setCloneAllBranches(true).setDirectory(staging.toFile()).call().close();
            Files.move(staging, mirror, StandardCopyOption.ATOMIC_MOVE);
        } else if (commit.isEmpty() || !hasCommit(mirror, commit.get())) {
            log.info("fetching {} into {}", url, mirror);
            try (Git git = Git.open(mirror.toFile())) {
                git.fetch().setRemote("origin").setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*")).call();
            }
        }
        return mirror;
    }

    private static boolean hasCommit(Path repository, String commit) throws IOException {
        try (Repository repo = open(repository)) {
            return resolveCommit(repo, commit) != null;
        }
    }

    /** The commit a revision names, or null when the repository does not have it. */
    private static @Nullable ObjectId resolveCommit(Repository repo, String revision) throws IOException {
        try {
            return repo.resolve(revision + "^{commit}");
        } catch (MissingObjectException | RevisionSyntaxException | IncorrectObjectTypeException e) {
            return null;
        }
    }

    private static String contentHash(Map<String, byte[]> files) {
        MessageDigest digest = sha256();
        files.forEach((path, content) -> {
            digest.update(path.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(content);
            digest.update((byte) 0);
        });
        return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }

    private static String hash(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes)).substring(0, 12);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String safe(String url) {
        String tail = url.replaceAll("\\.git$", "").replaceAll(".*[/:]", "");
        return tail.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}

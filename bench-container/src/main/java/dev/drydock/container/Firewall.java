package dev.drydock.container;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the host to drydock's internal network but for the relays: without it a container on that
 * network reaches every host service listening on all addresses through the gateway. Rules go into
 * the host's {@code INPUT} chain with {@code iptables}, marked with the owner's label so that a
 * later drydock removes the rules of one that was killed. Needs root and iptables; without them the
 * workspace records the policy as not fully enforced.
 */
final class Firewall {
    private static final Logger log = LoggerFactory.getLogger(Firewall.class);
    private static final Pattern MARK = Pattern.compile("drydock-(\\d+-\\d+)");

    private final String mark;
    private final List<List<String>> added = new ArrayList<>();
    private String bridge = "";

    Firewall(Owner owner) {
        this.mark = "drydock-" + owner.label();
    }

    /** Whether rules can be set here. */
    static boolean available() {
        return run(List.of("iptables", "-w", "-S", "INPUT")).isPresent();
    }

    /** Drops everything from the bridge of {@code gateway} to the host; returns whether it could. */
    synchronized boolean closeHost(InetAddress gateway) {
        if (!bridge.isEmpty()) {
            return true;
        }
        try {
            NetworkInterface device = NetworkInterface.getByInetAddress(gateway);
            if (device == null || !add(List.of("-i", device.getName(), "-j", "DROP"))) {
                return false;
            }
            bridge = device.getName();
            return true;
        } catch (IOException e) {
            log.warn("cannot find the internal network's bridge: {}", e.toString());
            return false;
        }
    }

    /** Lets containers on the bridge reach the host's {@code port} (a relay's). */
    synchronized boolean allow(int port) {
        return !bridge.isEmpty() && add(List.of("-i", bridge, "-p", "tcp", "--dport", String.valueOf(port), "-j", "ACCEPT"));
    }

    private boolean add(List<String> rule) {
        List<String> spec = new ArrayList<>(rule.subList(0, rule.size() - 2));
        spec.addAll(List.of("-m", "comment", "--comment", mark));
        spec.addAll(rule.subList(rule.size() - 2, rule.size()));
        List<String> command = new ArrayList<>(List.of("iptables", "-w", "-I", "INPUT"));
        command.addAll(spec);
        if (run(command).isEmpty()) {
            return false;
        }
        added.add(spec);
        return true;
    }

    /** Removes this drydock's rules. */
    synchronized void close() {
        for (List<String> spec : added) {
            List<String> command = new ArrayList<>(List.of("iptables", "-w", "-D", "INPUT"));
            command.addAll(spec);
            run(command);
        }
        added.clear();
    }

    /** Removes the rules of drydocks that no longer run; returns how many. */
    static int reap(Owner self) {
        Optional<String> rules = run(List.of("iptables", "-w", "-S", "INPUT"));
        int removed = 0;
        for (String line : rules.orElse("").lines().toList()) {
            Matcher m = MARK.matcher(line);
            if (!line.startsWith("-A INPUT ") || !m.find()) {
                continue;
            }
            Optional<Owner> owner = Owner.parse(m.group(1));
            if (owner.isEmpty() || owner.get().equals(self) || owner.get().alive()) {
                continue;
            }
            List<String> command = new ArrayList<>(List.of("iptables", "-w", "-D", "INPUT"));
            // iptables -S quotes nothing in these rules: the words split on spaces
            command.addAll(List.of(line.substring("-A INPUT ".length()).split(" ")));
            if (run(command).isPresent()) {
                removed++;
            }
        }
        return removed;
    }

    private static Optional<String> run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            if (process.exitValue() != 0) {
                log.debug("{} failed: {}", command, output.strip());
                return Optional.empty();
            }
            return Optional.of(output);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

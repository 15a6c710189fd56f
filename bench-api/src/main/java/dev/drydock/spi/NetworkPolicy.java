package dev.drydock.spi;

import java.util.Locale;

/** What a sandboxed command may reach over the network. */
public enum NetworkPolicy {
    /** The host's network, as drydock itself has it. */
    OPEN,
    /** The LLM proxy and the run's own dependencies, nothing else. */
    PROXY_ONLY,
    /** Nothing but the sandbox's own loopback. */
    NONE;

    /** As configurations write it and results record it: {@code open}, {@code proxy-only}, {@code none}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

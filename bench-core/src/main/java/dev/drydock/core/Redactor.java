package dev.drydock.core;

import dev.drydock.api.Secret;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is printed, logged or stored: every value registered here
 * (configuration secrets, per-run LLM keys, environment values of secret-looking variables) is
 * replaced by {@link Secret#REDACTED} wherever it appears.
 */
public final class Redactor {
    /** Variable and key names whose values are treated as secrets. */
    public static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(key|token|secret|password|passwd|credential|auth).*");
    /** Shorter values would redact ordinary words; nothing that short is a real secret. */
    private static final int MIN_LENGTH = 6;

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    public void register(String value) {
        if (value.length() >= MIN_LENGTH) {
            secrets.add(value);
        }
    }

    public void register(Secret secret) {
        register(secret.reveal());
    }

    public String redact(String text) {
        if (secrets.isEmpty() || text.isEmpty()) {
            return text;
        }
        // longest first, so a secret that contains another is replaced whole
        List<String> ordered = secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        String result = text;
        for (String secret : ordered) {
            if (result.contains(secret)) {
                result = result.replace(secret, Secret.REDACTED);
            }
        }
        return result;
    }
}

package dev.drydock.core.config;

import dev.drydock.core.config.ConfigNode.ListNode;
import dev.drydock.core.config.ConfigNode.MapNode;
import dev.drydock.core.config.ConfigNode.ScalarNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in scalar values with environment
 * variables; {@code $${} stands for a literal {@code ${}. Shell scripts in a configuration can
 * still use {@code $NAME}, which is left alone. An unset variable without a default is a problem.
 */
public final class EnvSubstitution {
    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Function<String, @Nullable String> env;

    public EnvSubstitution(Function<String, @Nullable String> env) {
        this.env = env;
    }

    public ConfigNode apply(ConfigNode node, String path, Problems problems) {
        if (node instanceof MapNode map) {
            Map<String, ConfigNode> entries = new LinkedHashMap<>();
            map.entries().forEach((key, value) -> entries.put(key, apply(value, join(path, key), problems)));
            return new MapNode(entries, map.keyLocations(), map.location());
        }
        if (node instanceof ListNode list) {
            List<ConfigNode> items = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                items.add(apply(list.items().get(i), path + "[" + i + "]", problems));
            }
            return new ListNode(items, list.location());
        }
        ScalarNode scalar = (ScalarNode) node;
        if (scalar.value() == null || !scalar.value().contains("${")) {
            return scalar;
        }
        Matcher matcher = REFERENCE.matcher(scalar.value());
        StringBuilder out = new StringBuilder();
        List<String> used = new ArrayList<>(scalar.fromEnv());
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$${")) {
                replacement = "${";
            } else {
                String name = matcher.group(1);
                String value = env.apply(name);
                if (value == null || (value.isEmpty() && matcher.group(2) != null)) {
                    if (matcher.group(2) == null) {
                        problems.add(scalar.location(), path,
                                "environment variable " + name + " is not set (write ${" + name + ":-default} for a default)");
                        value = "";
                    } else {
                        value = matcher.group(2);
                    }
                } else {
                    used.add(name);
                }
                replacement = value;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return new ScalarNode(out.toString(), scalar.location(), used);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}

package dev.drydock.core.config;

import dev.drydock.core.Resources;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The templates drydock ships as resources under {@code dev/drydock/core/templates/<kind>/<name>.yaml}:
 * agents, platforms and repositories a configuration can start from by name.
 */
public final class TemplateCatalog {
    public enum Kind {
        AGENTS("agents"),
        PLATFORMS("platforms"),
        REPOSITORIES("repositories");

        private final String folder;

        Kind(String folder) {
            this.folder = folder;
        }
    }

    private static final String ROOT = "dev/drydock/core/templates/";

    private final Map<Kind, Map<String, String>> texts = new java.util.EnumMap<>(Kind.class);

    public TemplateCatalog() {
        for (Kind kind : Kind.values()) {
            Map<String, String> byName = new java.util.TreeMap<>();
            Resources.tree(ROOT + kind.folder).forEach((file, bytes) -> {
                if (file.endsWith(".yaml") && !file.contains("/")) {
                    byName.put(file.substring(0, file.length() - ".yaml".length()), new String(bytes, StandardCharsets.UTF_8));
                }
            });
            texts.put(kind, byName);
        }
    }

    public List<String> names(Kind kind) {
        return List.copyOf(texts.get(kind).keySet());
    }

    /** The template's tree; its locations name it as {@code template:<kind>/<name>.yaml}. */
    public Optional<ConfigNode> find(Kind kind, String name) {
        String text = texts.get(kind).get(name);
        return text == null
                ? Optional.empty()
                : Optional.of(YamlReader.read(text, "template:" + kind.folder + "/" + name + ".yaml"));
    }
}

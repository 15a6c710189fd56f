package dev.drydock.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.drydock.api.ConfigProblem;
import dev.drydock.api.ConfigurationException;
import dev.drydock.core.config.ConfigNode.ListNode;
import dev.drydock.core.config.ConfigNode.MapNode;
import dev.drydock.core.config.ConfigNode.ScalarNode;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses YAML text into {@link ConfigNode}s with locations, using Jackson's streaming YAML parser. */
public final class YamlReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlReader() {}

    /**
     * @param source the name used in locations (a file path or a template name)
     * @return the document's root; an empty document is an empty mapping
     * @throws ConfigurationException for malformed YAML or duplicate keys, naming file, line and column
     */
    public static ConfigNode read(String text, String source) {
        Problems problems = new Problems();
        try (JsonParser parser = FACTORY.createParser(new StringReader(text))) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return MapNode.empty(Location.of(source));
            }
            ConfigNode root = readValue(parser, source, "", problems);
            problems.throwIfAny();
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Location location = at == null ? Location.of(source) : new Location(source, at.getLineNr(), at.getColumnNr());
            String message = e.getOriginalMessage().lines().findFirst().orElse("malformed YAML");
            throw new ConfigurationException(new ConfigProblem(location.toString(), "", "malformed YAML: " + message));
        } catch (IOException e) {
            throw new ConfigurationException(new ConfigProblem(source, "", "cannot read: " + e.getMessage()));
        }
    }

    private static ConfigNode readValue(JsonParser parser, String source, String path, Problems problems)
            throws IOException {
        Location location = location(parser, source);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, ConfigNode> entries = new LinkedHashMap<>();
                Map<String, Location> keys = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Location keyLocation = location(parser, source);
                    parser.nextToken();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    ConfigNode value = readValue(parser, source, childPath, problems);
                    if (entries.containsKey(key)) {
                        problems.add(keyLocation, childPath, "duplicate key (first written at " + keys.get(key) + ")");
                    } else {
                        entries.put(key, value);
                        keys.put(key, keyLocation);
                    }
                }
                return new MapNode(entries, keys, location);
            }
            case START_ARRAY -> {
                List<ConfigNode> items = new ArrayList<>();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(parser, source, path + "[" + index++ + "]", problems));
                }
                return new ListNode(items, location);
            }
            case VALUE_NULL -> {
                return new ScalarNode(null, location);
            }
            default -> {
                return new ScalarNode(parser.getText(), location);
            }
        }
    }

    private static Location location(JsonParser parser, String source) {
        JsonLocation at = parser.currentTokenLocation();
        return new Location(source, at.getLineNr(), at.getColumnNr());
    }
}

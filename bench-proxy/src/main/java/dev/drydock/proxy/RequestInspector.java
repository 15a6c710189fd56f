package dev.drydock.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What the proxy needs from a request body, read with one streaming pass over its top level (large
 * prompts are skipped, not parsed): the model, whether it streams, whether a chat stream asked for
 * usage. {@link #withStreamUsage} makes a chat stream report usage in its last chunk.
 */
record RequestInspector(String model, boolean stream, boolean asksForStreamUsage, boolean hasStreamOptions) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RequestInspector UNKNOWN = new RequestInspector("unknown", false, false, false);

    static RequestInspector of(byte[] body) {
        if (body.length == 0) {
            return UNKNOWN;
        }
        String model = "unknown";
        boolean stream = false;
        boolean asksForUsage = false;
        boolean hasOptions = false;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return UNKNOWN;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "model" -> model = value == JsonToken.VALUE_STRING ? parser.getText() : model;
                    case "stream" -> stream = value == JsonToken.VALUE_TRUE;
                    case "stream_options" -> {
                        hasOptions = value == JsonToken.START_OBJECT;
                        while (hasOptions && parser.nextToken() == JsonToken.FIELD_NAME) {
                            String option = parser.currentName();
                            JsonToken optionValue = parser.nextToken();
                            if (option.equals("include_usage")) {
                                asksForUsage = optionValue == JsonToken.VALUE_TRUE;
                            } else {
                                parser.skipChildren();
                            }
                        }
                        if (!hasOptions) {
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException notJson) {
            return UNKNOWN;
        }
        return new RequestInspector(model, stream, asksForUsage, hasOptions);
    }

    /** The body with {@code stream_options.include_usage} set: appended when there are no options, else merged. */
    byte[] withStreamUsage(byte[] body) throws IOException {
        if (!hasStreamOptions) {
            int end = body.length - 1;
            while (end >= 0 && Character.isWhitespace(body[end])) {
                end--;
            }
            if (end > 0 && body[end] == '}') {
                int before = end - 1;
                while (before >= 0 && Character.isWhitespace(body[before])) {
                    before--;
                }
                String insert = (body[before] == '{' ? "" : ",") + "\"stream_options\":{\"include_usage\":true}";
                byte[] extra = insert.getBytes(StandardCharsets.UTF_8);
                byte[] result = new byte[end + extra.length + 1];
                System.arraycopy(body, 0, result, 0, end);
                System.arraycopy(extra, 0, result, end, extra.length);
                result[result.length - 1] = '}';
                return result;
            }
        }
        ObjectNode root = (ObjectNode) MAPPER.readTree(body);
        root.withObject("/stream_options").put("include_usage", true);
        return MAPPER.writeValueAsBytes(root);
    }
}

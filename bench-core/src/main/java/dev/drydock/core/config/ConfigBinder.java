package dev.drydock.core.config;

import dev.drydock.api.Secret;
import dev.drydock.core.config.ConfigNode.ListNode;
import dev.drydock.core.config.ConfigNode.MapNode;
import dev.drydock.core.config.ConfigNode.ScalarNode;
import dev.drydock.spi.ConfigDefault;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Binds {@link ConfigNode}s into records, strictly: a component {@code fooBar} is written {@code
 * foo-bar}; unknown keys, missing required keys and values of the wrong type are problems, all
 * collected before anything throws. Supported component types: records, {@code String}, {@code
 * int}, {@code long}, {@code boolean}, {@code double}, {@link Duration} ({@code 500ms}, {@code 30s},
 * {@code 10m}, {@code 1h30m}), {@link Secret}, enums, {@code List}, {@code Map<String, ?>}, {@code
 * Optional} and {@link ConfigNode} (kept raw).
 */
public final class ConfigBinder {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final Consumer<Secret> secretSink;

    /** @param secretSink told of every {@link Secret} bound, so it can be redacted everywhere */
    public ConfigBinder(Consumer<Secret> secretSink) {
        this.secretSink = secretSink;
    }

    /** Binds {@code node} into {@code type}, throwing every problem found at once. */
    public <T extends Record> T bind(ConfigNode node, Class<T> type, String path) {
        Problems problems = new Problems();
        T value = bind(node, type, path, problems);
        problems.throwIfAny();
        if (value == null) {
            throw new IllegalStateException("binding failed without a problem at " + path);
        }
        return value;
    }

    /** Binds {@code node} into {@code type}; returns null (and adds problems) when it cannot. */
    public <T extends Record> @Nullable T bind(ConfigNode node, Class<T> type, String path, Problems problems) {
        return type.cast(bindRecord(node, type, path, problems));
    }

    private @Nullable Object bindRecord(ConfigNode node, Class<?> type, String path, Problems problems) {
        if (!(node instanceof MapNode map)) {
            problems.add(node.location(), path, "expected a mapping of " + keysOf(type) + " but found " + describe(node));
            return null;
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        boolean complete = true;
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String key = kebab(component.getName());
            String childPath = EnvSubstitution.join(path, key);
            ConfigNode child = map.get(key);
            if (child == null || (child instanceof ScalarNode scalar && scalar.value() == null && isOptional(component))) {
                ConfigDefault fallback = component.getAnnotation(ConfigDefault.class);
                if (fallback != null) {
                    child = YamlReader.read(fallback.value(), "default of " + childPath);
                } else if (isOptional(component) || isCollection(component)) {
                    args[i] = emptyOf(component.getType());
                    continue;
                } else {
                    problems.add(map.location(), path, "missing required key '" + key + "'");
                    complete = false;
                    continue;
                }
            }
            Object value = bindValue(child, component.getGenericType(), childPath, problems);
            if (value == null) {
                complete = false;
            }
            args[i] = value;
        }
        List<String> known = Arrays.stream(components).map(c -> kebab(c.getName())).toList();
        for (String key : map.entries().keySet()) {
            if (!known.contains(key)) {
                problems.add(map.keyLocation(key), EnvSubstitution.join(path, key), "unknown key '" + key + "'"
                        + suggestion(key, known) + "; allowed here: " + String.join(", ", known));
            }
        }
        if (!complete) {
            return null;
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            problems.add(node.location(), path, cause.getMessage() == null ? cause.toString() : cause.getMessage());
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private @Nullable Object bindValue(ConfigNode node, Type type, String path, Problems problems) {
        Class<?> raw = rawType(type);
        if (raw == ConfigNode.class) {
            return node;
        }
        if (raw == Optional.class) {
            if (node instanceof ScalarNode scalar && scalar.value() == null) {
                return Optional.empty();
            }
            Object inner = bindValue(node, typeArgument(type, 0), path, problems);
            return inner == null ? null : Optional.of(inner);
        }
        if (raw == List.class) {
            if (!(node instanceof ListNode list)) {
                problems.add(node.location(), path, "expected a list but found " + describe(node));
                return null;
            }
            List<Object> items = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < list.items().size(); i++) {
                Object item = bindValue(list.items().get(i), typeArgument(type, 0), path + "[" + i + "]", problems);
                ok &= item != null;
                items.add(item);
            }
            return ok ? List.copyOf(items) : null;
        }
        if (raw == Map.class) {
            if (!(node instanceof MapNode map)) {
                problems.add(node.location(), path, "expected a mapping but found " + describe(node));
                return null;
            }
            Map<String, Object> entries = new LinkedHashMap<>();
            boolean ok = true;
            for (Map.Entry<String, ConfigNode> entry : map.entries().entrySet()) {
                Object value = bindValue(entry.getValue(), typeArgument(type, 1), EnvSubstitution.join(path, entry.getKey()), problems);
                ok &= value != null;
                entries.put(entry.getKey(), value);
            }
            return ok ? java.util.Collections.unmodifiableMap(entries) : null;
        }
        if (raw.isRecord()) {
            return bindRecord(node, raw, path, problems);
        }
        if (!(node instanceof ScalarNode scalar) || scalar.value() == null) {
            problems.add(node.location(), path, "expected " + describeType(raw) + " but found " + describe(node));
            return null;
        }
        return bindScalar(scalar, raw, path, problems);
    }

    private @Nullable Object bindScalar(ScalarNode scalar, Class<?> type, String path, Problems problems) {
        String text = scalar.value();
        try {
            if (type == String.class) {
                return text;
            }
            if (type == Secret.class) {
                Secret secret = Secret.of(text);
                secretSink.accept(secret);
                return secret;
            }
            if (type == int.class || type == Integer.class) {
                return Integer.parseInt(text.strip());
            }
            if (type == long.class || type == Long.class) {
                return Long.parseLong(text.strip());
            }
            if (type == double.class || type == Double.class) {
                return Double.parseDouble(text.strip());
            }
            if (type == boolean.class || type == Boolean.class) {
                return switch (text.strip().toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException();
                };
            }
            if (type == Duration.class) {
                return parseDuration(text.strip());
            }
            if (type.isEnum()) {
                String wanted = text.strip().replace('-', '_');
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equalsIgnoreCase(wanted)) {
                        return constant;
                    }
                }
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            problems.add(scalar.location(), path, "expected " + describeType(type) + " but found '" + text + "'");
            return null;
        }
        throw new IllegalStateException("configuration records cannot use " + type.getName() + " (at " + path + ")");
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h30m}, {@code 2d}. */
    public static Duration parseDuration(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        Matcher matcher = DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() != end) {
                throw new IllegalArgumentException(text);
            }
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
            end = matcher.end();
        }
        if (end != text.length()) {
            throw new IllegalArgumentException(text);
        }
        return total;
    }

    public static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static boolean isOptional(RecordComponent component) {
        return component.getType() == Optional.class;
    }

    private static boolean isCollection(RecordComponent component) {
        return component.getType() == List.class || component.getType() == Map.class;
    }

    private static Object emptyOf(Class<?> type) {
        if (type == Optional.class) {
            return Optional.empty();
        }
        return type == List.class ? List.of() : Map.of();
    }

    private static Class<?> rawType(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported configuration type " + type);
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalStateException("raw collection type in a configuration record: " + type);
    }

    private static String keysOf(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> kebab(c.getName())).collect(Collectors.joining(", "));
    }

    private static String describe(ConfigNode node) {
        if (node instanceof MapNode) {
            return "a mapping";
        }
        if (node instanceof ListNode) {
            return "a list";
        }
        String value = ((ScalarNode) node).value();
        return value == null ? "nothing (null)" : "'" + value + "'";
    }

    private static String describeType(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == Duration.class) {
            return "a duration like 500ms, 30s, 10m or 1h30m";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .collect(Collectors.joining(", "));
        }
        return "a string";
    }

    /** "; did you mean 'x'?" for a close known key, by edit distance. */
    static String suggestion(String key, List<String> known) {
        return known.stream()
                .filter(k -> distance(k, key) <= Math.max(1, key.length() / 3))
                .min(Comparator.comparingInt(k -> distance(k, key)))
                .map(k -> " (did you mean '" + k + "'?)")
                .orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

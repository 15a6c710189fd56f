package dev.drydock.spi;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory sizes as configurations write them: {@code 8GiB}, {@code 512MiB}, {@code 1g}, {@code none}. */
public final class MemorySize {
    private static final Pattern SIZE = Pattern.compile("(?i)(\\d+)\\s*([kmgt]?)(i?b)?");

    private MemorySize() {}

    /**
     * {@code text} in bytes; empty for {@code none} or {@code 0}.
     *
     * @throws IllegalArgumentException naming {@code key} when {@code text} is no size
     */
    public static Optional<Long> parse(String key, String text) {
        String size = text.strip();
        if (size.equalsIgnoreCase("none") || size.equals("0")) {
            return Optional.empty();
        }
        Matcher m = SIZE.matcher(size);
        if (!m.matches()) {
            throw new IllegalArgumentException(key + " must look like 8GiB, 512MiB or none: " + text);
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return Optional.of(Long.parseLong(m.group(1)) << shift);
    }
}

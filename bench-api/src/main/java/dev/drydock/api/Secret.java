package dev.drydock.api;

import static java.util.Objects.requireNonNull;

/**
 * A value that must never be printed: an API key, a token, a password. {@link #toString()} is
 * redacted, so a secret inside a record, a log line or an exception message stays hidden; code
 * that really needs the value calls {@link #reveal()}.
 */
public final class Secret {
    public static final String REDACTED = "******";

    private final String value;

    private Secret(String value) {
        this.value = requireNonNull(value, "value is null");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return REDACTED;
    }
}

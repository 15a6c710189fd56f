package dev.drydock.server;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.store.sql.SqlResultStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The tokens that may submit results, in the results database (table {@code submit_tokens}, its own
 * Flyway history {@code drydock_server_schema_history}). A token is 32 random bytes, shown once; the
 * database keeps its SHA-256, so reading the database does not give anyone a token (a hash this
 * strong needs no salt or slow hashing: the token is random, not a password).
 */
public final class SubmitTokens {
    static final String PREFIX = "ddk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SqlResultStore store;
    private final Clock clock;

    public SubmitTokens(SqlResultStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        try {
            Flyway.configure(getClass().getClassLoader())
                    .dataSource(store.dataSource())
                    .locations("classpath:dev/drydock/server/db")
                    .table("drydock_server_schema_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .cleanDisabled(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot make the submit tokens' table in " + store + ": " + e.getMessage(), e);
        }
    }

    /** Makes a token named {@code name} and returns it; the only time it is ever shown. */
    public String create(String name) {
        if (name.isBlank() || name.length() > 100) {
            throw new DrydockException(ErrorCode.CONFIGURATION, "a token's name is 1 to 100 characters");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        store.inTransaction(connection -> {
            try (PreparedStatement existing = connection.prepareStatement("SELECT revoked_at FROM submit_tokens WHERE name = ?")) {
                existing.setString(1, name);
                try (ResultSet rows = existing.executeQuery()) {
                    if (rows.next() && rows.getString(1) == null) {
                        throw new DrydockException(ErrorCode.CONFIGURATION, "a token named " + name
                                + " exists; revoke it first (drydock token revoke " + name + ")");
                    }
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM submit_tokens WHERE name = ?");
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO submit_tokens (name, token_hash, created_at) VALUES (?, ?, ?)")) {
                delete.setString(1, name);
                delete.executeUpdate();
                insert.setString(1, name);
                insert.setString(2, hash(token));
                insert.setString(3, clock.instant().toString());
                insert.executeUpdate();
            }
            return 1;
        });
        return token;
    }

    /** Revokes the token named {@code name}; false when there is no such active token. */
    public boolean revoke(String name) {
        return store.inTransaction(connection -> {
            try (PreparedStatement revoke = connection.prepareStatement(
                    "UPDATE submit_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")) {
                revoke.setString(1, clock.instant().toString());
                revoke.setString(2, name);
                return revoke.executeUpdate();
            }
        }) == 1;
    }

    /** The name of the active token {@code token}, or empty. */
    public Optional<String> authenticate(String token) {
        if (!token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        return store.withConnection(connection -> {
            try (PreparedStatement find = connection.prepareStatement(
                    "SELECT name FROM submit_tokens WHERE token_hash = ? AND revoked_at IS NULL")) {
                find.setString(1, hash(token));
                try (ResultSet rows = find.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

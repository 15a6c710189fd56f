package dev.drydock.server;

import java.nio.file.Path;

class SqliteServerTest extends ServerTests {
    @Override
    protected String databaseUrl(Path folder) {
        return "jdbc:sqlite:" + folder.resolve("results.db");
    }
}

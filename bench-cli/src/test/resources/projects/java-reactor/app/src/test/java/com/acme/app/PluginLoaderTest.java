package com.acme.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PluginLoaderTest {
    @Test
    void loadsTheSlugClassFromCoresPackagedJar() throws Exception {
        Class<?> slug = PluginLoader.load(Path.of("target/plugins/core.jar"), "com.acme.text.Slug");
        assertEquals("a-b", slug.getMethod("of", String.class).invoke(null, "A B"));
    }
}

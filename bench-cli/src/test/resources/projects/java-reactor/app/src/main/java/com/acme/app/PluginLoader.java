package com.acme.app;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a class from a plugin jar. */
public final class PluginLoader {
    private PluginLoader() {}

    public static Class<?> load(Path jar, String className) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no plugin jar at " + jar);
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        return Class.forName(className, true, loader);
    }
}

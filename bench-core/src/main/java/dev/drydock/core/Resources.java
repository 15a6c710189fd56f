package dev.drydock.core;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads resources shipped inside drydock's jars (templates, samples), whether on disk or in a jar. */
public final class Resources {
    private Resources() {}

    /**
     * Every file below a resource folder, keyed by its path relative to the folder ({@code /}
     * separators), in path order; empty when the folder does not exist.
     */
    public static Map<String, byte[]> tree(String folder) {
        URL url = Resources.class.getClassLoader().getResource(folder);
        Map<String, byte[]> files = new TreeMap<>();
        if (url == null) {
            return files;
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                collect(fs.provider().getPath(uri), files);
            } else {
                collect(Path.of(uri), files);
            }
        } catch (IOException | URISyntaxException e) {
            throw new DrydockException(ErrorCode.INTERNAL, "cannot read resource folder " + folder, e);
        }
        return files;
    }

    private static void collect(Path root, Map<String, byte[]> files) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
            }
        }
    }
}

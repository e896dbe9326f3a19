package org.fieldsync.forms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The questionnaires fieldsync ships ({@code forms/questionnaires/}), read from the classpath where the build puts
 * them: {@code org/fieldsync/forms/questionnaires/<id>.json}, with example interviews under
 * {@code org/fieldsync/forms/questionnaires/examples/<id>/}.
 */
public final class ShippedQuestionnaires {
    private static final String BASE = "org/fieldsync/forms/questionnaires/";
    private static final List<String> KNOWN = List.of("household", "listing", "migration", "transit", "children");

    private ShippedQuestionnaires() {
    }

    /**
     * @return the ids of the shipped questionnaires present on the classpath, in the order household, listing,
     *         migration, transit, children (an absent one is left out). Unmodifiable.
     */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (String id : KNOWN) {
            if (loader().getResource(BASE + id + ".json") != null) {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    /**
     * @param id a questionnaire id
     * @return the questionnaire document's bytes
     * @throws IllegalArgumentException if no shipped questionnaire has that id
     */
    public static byte[] read(String id) {
        requireName(id, "id");
        return readResource(BASE + id + ".json", "no shipped questionnaire '" + id + "'");
    }

    /**
     * @param id       a questionnaire id
     * @param fileName an example's file name, e.g. {@code valid-1.json}
     * @return the example interview's bytes
     * @throws IllegalArgumentException if there is no such example (or the name contains a path separator)
     */
    public static byte[] example(String id, String fileName) {
        requireName(id, "id");
        requireName(fileName, "fileName");
        return readResource(BASE + "examples/" + id + "/" + fileName,
                "no example '" + fileName + "' for questionnaire '" + id + "'");
    }

    /**
     * Lists the example files of a shipped questionnaire (an addition to the core API, for tests, the demo and the
     * benchmarks: a classpath directory cannot otherwise be enumerated).
     *
     * @param id a questionnaire id
     * @return the file names under {@code examples/<id>/} (such as {@code valid-1.json},
     *         {@code invalid-age.json}, {@code expectations.json}), sorted; empty if there are none
     * @throws IllegalArgumentException if the id contains a path separator
     * @throws UncheckedIOException     if the classpath cannot be read
     */
    public static List<String> examples(String id) {
        requireName(id, "id");
        String directory = BASE + "examples/" + id + "/";
        TreeSet<String> names = new TreeSet<>();
        try {
            List<URL> places = Collections.list(loader().getResources(directory));
            if (places.isEmpty()) {
                // a jar built without directory entries: find the jar (or folder) through the document itself
                URL document = loader().getResource(BASE + id + ".json");
                if (document != null) {
                    places = List.of(document);
                }
            }
            for (URL url : places) {
                if ("file".equals(url.getProtocol())) {
                    Path path = Path.of(url.toURI());
                    Path folder = Files.isDirectory(path) ? path : path.resolveSibling("examples").resolve(id);
                    if (Files.isDirectory(folder)) {
                        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                            for (Path file : files) {
                                if (Files.isRegularFile(file)) {
                                    names.add(file.getFileName().toString());
                                }
                            }
                        }
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    JarURLConnection connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        Enumeration<JarEntry> entries = jar.entries();
                        while (entries.hasMoreElements()) {
                            String name = entries.nextElement().getName();
                            if (name.startsWith(directory) && name.length() > directory.length()
                                    && name.indexOf('/', directory.length()) < 0) {
                                names.add(name.substring(directory.length()));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return List.copyOf(names);
    }

    private static byte[] readResource(String name, String missing) {
        try (InputStream in = loader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException(missing);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..")) {
            throw new IllegalArgumentException("invalid " + what + ": " + name);
        }
    }

    private static ClassLoader loader() {
        ClassLoader loader = ShippedQuestionnaires.class.getClassLoader();
        return loader != null ? loader : ClassLoader.getSystemClassLoader();
    }
}

package org.fieldsync.server.simulation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Unpacks an export zip into a folder (entries must stay inside it). */
final class Unzip {
  private Unzip() {}

  static void into(Path zip, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        Path target = dir.resolve(e.getName()).normalize();
        if (!target.startsWith(dir.normalize())) {
          throw new IOException("zip entry outside the folder: " + e.getName());
        }
        if (!e.isDirectory()) {
          Files.createDirectories(target.getParent());
          Files.copy(z, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}

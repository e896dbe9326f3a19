package org.fieldsync.server.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The password of a command that logs in to a running server: standard input, FIELDSYNC_PASSWORD, or a prompt. */
final class PasswordInput {
  private PasswordInput() {}

  /** @return the password, or null (after saying why on {@code err}) when there is none to read */
  static String read(boolean fromStdin, String username, PrintStream err) throws IOException {
    if (fromStdin) {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
    String env = System.getenv("FIELDSYNC_PASSWORD");
    if (env != null) {
      return env;
    }
    Console console = System.console();
    if (console == null) {
      err.println("fieldsync: no terminal to prompt on; use --password-stdin or FIELDSYNC_PASSWORD");
      return null;
    }
    char[] password = console.readPassword("Password for %s: ", username);
    return password == null ? null : new String(password);
  }
}

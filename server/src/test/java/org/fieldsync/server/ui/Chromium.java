package org.fieldsync.server.ui;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright, for the browser tests. Without {@code /usr/bin/chromium} the tests are
 * skipped on a developer's machine and fail in CI ({@code .ci/run} installs it), so CI cannot pass without having
 * driven the page.
 */
public final class Chromium implements AutoCloseable {
  private static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
  /**
   * Where screenshots go: {@code target/screenshots} by default, so a test run leaves the working tree clean; to
   * refresh the documentation's, run with {@code -Dfieldsync.screenshots=../docs/img}.
   */
  public static final Path SCREENSHOTS = Path.of(System.getProperty("fieldsync.screenshots", "target/screenshots"));

  private final Playwright playwright;
  private final Browser browser;

  private Chromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Skips the calling test where Chromium is missing (outside CI), else starts it headless. */
  public static Chromium launch() {
    assumeTrue(Files.isExecutable(EXECUTABLE) || "true".equals(System.getenv("CI")),
        "browser tests need Debian's Chromium: apt-get install chromium");
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Playwright playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      return new Chromium(playwright, playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(List.of("--no-sandbox"))));
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  public Browser browser() {
    return browser;
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}

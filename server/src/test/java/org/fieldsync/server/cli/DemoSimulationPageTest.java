package org.fieldsync.server.cli;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.regex.Pattern;
import org.fieldsync.server.TestServer;
import org.fieldsync.server.ui.Chromium;
import org.junit.jupiter.api.Test;

/**
 * What a newcomer sees (issue 7): the demo's simulated survey is in progress on the supervisor page within a minute of
 * the server starting — the survey created, its sample planned, its EAs listed and the first interviews uploaded by
 * simulated tablets — seen in Chromium as the supervisor of the team that lets its control households slide. Takes
 * the walkthrough's screenshots (docs/walkthrough.md); with {@code -Dfieldsync.screenshots=../docs/img} it first
 * waits, up to three more minutes, for that team's control-lagging alerts.
 */
class DemoSimulationPageTest {
  private static final Duration WITHIN = Duration.ofSeconds(60);

  @Test
  void theSimulatedSurveyIsInProgressOnTheSupervisorPageWithinAMinute() throws InterruptedException {
    long started = System.nanoTime();
    try (Chromium chromium = Chromium.launch(); TestServer server = TestServer.start()) {
      Demo.seed(server.server().services());
      Thread simulation = DemoSimulation.start(server.baseUrl(), server.dataDir());
      try {
        String user = DemoSimulation.SURVEY + "-sup2"; // the lagging team's supervisor
        String password = user + "-demo-pass";
        while (server.send("POST", "/api/v1/auth/login", null, new JsonObject().put("username", user)
            .put("password", password).encode()).status() != 200) {
          if (System.nanoTime() - started > WITHIN.toNanos()) {
            throw new AssertionError("the simulation created no supervisor account within " + WITHIN);
          }
          Thread.sleep(200);
        }
        BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions()
            .setViewportSize(1280, 900).setLocale("en-GB").setTimezoneId("UTC"));
        Page page = context.newPage();
        page.navigate(server.baseUrl() + "/ui/");
        page.getByLabel("Username").fill(user);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in").setExact(true)).click();
        assertThat(page.locator("#survey-select option[value=" + DemoSimulation.SURVEY + "]")).hasCount(1);
        page.locator("#survey-select").selectOption(DemoSimulation.SURVEY);
        double left = WITHIN.toMillis() - (System.nanoTime() - started) / 1e6;
        assertThat(page.locator("#total-complete .tile-value")).hasText(Pattern.compile("^[1-9][\\d,]*$"),
            new LocatorAssertions.HasTextOptions().setTimeout(Math.max(left, 1)));
        if (System.getProperty("fieldsync.screenshots") != null) { // for the walkthrough: the team's alerts
          assertThat(page.locator("#alerts li[data-kind=control-lagging]").nth(2)).isVisible(
              new LocatorAssertions.IsVisibleOptions().setTimeout(180_000));
          page.screenshot(new Page.ScreenshotOptions().setPath(Chromium.SCREENSHOTS.resolve("walkthrough-alert.png"))
              .setFullPage(true));
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(Chromium.SCREENSHOTS.resolve("walkthrough-progress.png")));
        context.close();
      } finally {
        simulation.interrupt();
        simulation.join(10_000);
      }
    }
  }
}

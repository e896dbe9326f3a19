package org.fieldsync.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bson.Document;
import org.fieldsync.forms.ShippedQuestionnaires;
import org.fieldsync.server.Fieldwork;
import org.fieldsync.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The supervisor page used as a person uses it, in Debian's Chromium driven by Playwright: log in, watch coverage
 * change while a tablet uploads, review, reject, bulk-approve; as an analyst, export and download. The page is served by a real server with a survey in
 * the field ({@link Fieldwork}); nothing is stubbed. Takes the screenshots the README shows (see
 * {@link Chromium#SCREENSHOTS}). Needs {@code /usr/bin/chromium} ({@link Chromium}).
 */
class SupervisorPageTest {
  private static final Path SCREENSHOTS = Chromium.SCREENSHOTS;
  /** Long enough for an upload to reach the page over the event stream on a slow CI machine. */
  private static final double LIVE_TIMEOUT_MS = 20_000;

  private static Fieldwork fieldwork;
  private static Chromium chromium;
  private static Browser browser;

  private BrowserContext context;
  private Page page;
  private final List<String> pageErrors = new ArrayList<>();

  @BeforeAll
  static void startServerAndBrowser() throws Exception {
    chromium = Chromium.launch();
    browser = chromium.browser();
    fieldwork = Fieldwork.start();
    PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
  }

  @AfterAll
  static void stopServerAndBrowser() {
    if (chromium != null) {
      chromium.close();
    }
    if (fieldwork != null) {
      fieldwork.close();
    }
  }

  @BeforeEach
  void openBrowser() {
    context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setLocale("en-GB")
        .setTimezoneId("UTC"));
    page = context.newPage();
    page.onPageError(pageErrors::add);
  }

  @AfterEach
  void closeBrowser() {
    context.close();
    assertEquals(List.of(), pageErrors, "JavaScript errors on the page");
  }

  @Test
  void supervisorSeesUploadsLiveThenRejectsOneAndBulkApprovesAnother() {
    page.navigate(fieldwork.server().baseUrl() + "/");
    assertThat(page).hasURL(Pattern.compile("/ui/"));
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in"))).isVisible();
    screenshot("supervisor-login.png");

    logIn("supervisor", "supervisor-demo-pass");
    assertThat(heading("Coverage")).isVisible();
    assertThat(page.locator("#live")).hasAttribute("data-state", "on");
    assertThat(link("Exports")).isHidden();
    int completesBefore = tile("total-complete");
    int pendingBefore = tile("total-pending");
    page.evaluate("() => { window.sameDocument = true; }");

    // a tablet uploads while the page is open: coverage follows without a reload
    JsonObject first = fieldwork.assignmentsOf("enumerator1").get(0);
    JsonObject second = fieldwork.assignmentsOf("enumerator1").get(1);
    upload(first, "page-test-first");
    assertThat(tileValue("total-pending")).hasText(String.valueOf(pendingBefore + 1),
        new LocatorAssertions.HasTextOptions().setTimeout(LIVE_TIMEOUT_MS));
    assertThat(tileValue("total-complete")).hasText(String.valueOf(completesBefore + 1));
    assertThat(page.locator("#enumerators-table tbody tr[data-username=enumerator1]")).isVisible();
    assertStillTheSameDocument();
    assertThat(page.locator("#alerts li").first()).isVisible();
    screenshot("supervisor-coverage.png");
    page.locator("#enumerators-card").scrollIntoViewIfNeeded();
    screenshot("supervisor-enumerators.png");

    // the review queue lists it, and a second upload appears there live
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Review queue")).click();
    assertThat(queueRow("page-test-first")).isVisible();
    upload(second, "page-test-second");
    assertThat(queueRow("page-test-second")).isVisible(
        new LocatorAssertions.IsVisibleOptions().setTimeout(LIVE_TIMEOUT_MS));
    assertStillTheSameDocument();
    screenshot("supervisor-queue.png");

    // open the first, reject it: a comment is required
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("page-test-first")).click();
    assertThat(heading("Interview page-test-first")).isVisible();
    assertThat(page.locator("#interview-review")).hasText("Pending review");
    assertThat(page.locator("#interview-answers table").first()).isVisible();
    screenshot("supervisor-review.png");
    button("Reject").click();
    assertThat(page.locator("#decision-error")).containsText("comment");
    page.getByLabel("Comment to the enumerator").fill("Household size does not match the roster: please check.");
    button("Reject").click();
    assertThat(page.locator("#interview-review")).hasText("Rejected");
    assertThat(page.locator("#interview-history"))
        .containsText("Household size does not match the roster: please check.");

    // bulk-approve the second from the queue
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("← Review queue")).click();
    assertThat(queueRow("page-test-first")).hasCount(0);
    page.getByLabel("Select page-test-second").check();
    button("Approve selected (1)").click();
    assertThat(page.locator("#bulk-result")).containsText("1 approved");
    assertThat(queueRow("page-test-second")).hasCount(0);
    page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Approved by supervisor")).click();
    assertThat(queueRow("page-test-second").locator(".badge")).hasText("Approved by supervisor");
    page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Rejected")).click();
    assertThat(queueRow("page-test-first").locator(".badge")).hasText("Rejected");
    assertStillTheSameDocument();

    // an interview that fails validation: its errors are listed on top and marked on their answers
    upload(fieldwork.assignmentsOf("enumerator2").get(0), "page-test-invalid",
        ShippedQuestionnaires.example("household", "invalid-age-range.json"));
    page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Quarantined")).click();
    assertThat(queueRow("page-test-invalid")).isVisible(
        new LocatorAssertions.IsVisibleOptions().setTimeout(LIVE_TIMEOUT_MS));
    choose("Enumerator", "enumerator1");
    button("Filter").click();
    assertThat(page.locator("#queue-empty")).isVisible();
    choose("Enumerator", "enumerator2");
    button("Filter").click();
    assertThat(queueRow("page-test-invalid")).isVisible();
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("page-test-invalid")).click();
    assertThat(page.locator("#interview-errors")).isVisible();
    assertThat(button("Approve")).isDisabled();
    Locator error = page.locator("#interview-errors-list a").first();
    String pointer = error.textContent();
    error.click();
    assertThat(page.locator("#interview-answers tr.answer-error[data-pointer='" + pointer + "']")).isInViewport();
    screenshot("supervisor-review-errors.png");

    // labels in French
    choose("Labels", "Français");
    assertThat(page.locator("#interview-answers")).containsText("Code de la zone de dénombrement (ZD)");
    choose("Labels", "English");
    assertThat(page.locator("#interview-answers")).containsText("Enumeration area (EA) code");

    // the same coverage on a tablet
    page.setViewportSize(768, 1024);
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Coverage").setExact(true)).click();
    assertThat(tileValue("total-complete")).hasText(String.valueOf(completesBefore + 3));
    page.evaluate("() => window.scrollTo(0, 0)");
    screenshot("supervisor-tablet.png");

    button("Log out").click();
    assertThat(button("Log in")).isVisible();
    assertEquals(null, page.evaluate("() => sessionStorage.getItem('fieldsync.token')"));
  }

  @Test
  void wrongPasswordShowsTheServersMessage() {
    TestServer.Response api = fieldwork.server().send("POST", "/api/v1/auth/login", null,
        new JsonObject().put("username", "supervisor").put("password", "not-the-password").encode());
    assertEquals(401, api.status());

    page.navigate(fieldwork.server().baseUrl() + "/ui/");
    logIn("supervisor", "not-the-password");
    assertThat(page.locator("#login-error")).hasText(api.json().getString("message"));
    assertThat(heading("Coverage")).isHidden();
  }

  @Test
  void enumeratorIsToldCoverageIsNotForThem() {
    TestServer.Response api = fieldwork.server().send("GET", "/api/v1/surveys/" + Fieldwork.SURVEY + "/coverage",
        fieldwork.demoToken("enumerator1"), null);
    assertEquals(403, api.status());
    assertEquals("auth.forbidden", api.json().getString("code"));

    page.navigate(fieldwork.server().baseUrl() + "/ui/");
    logIn("enumerator1", "enumerator1-demo-pass");
    assertThat(heading("Coverage")).isVisible();
    assertThat(page.locator("#coverage-error")).hasText(api.json().getString("message"));
    assertThat(page.locator("#totals")).isHidden();
  }

  @Test
  void revokedSessionGoesBackToTheLoginForm() {
    page.navigate(fieldwork.server().baseUrl() + "/ui/");
    logIn("supervisor", "supervisor-demo-pass");
    assertThat(heading("Coverage")).isVisible();
    String token = (String) page.evaluate("() => sessionStorage.getItem('fieldsync.token')");
    assertEquals(204, fieldwork.server().send("POST", "/api/v1/auth/logout", token, null).status());

    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Review queue")).click();
    assertThat(button("Log in")).isVisible();
    assertThat(page.locator("#login-error")).containsText("log in again");
  }

  @Test
  void analystStartsAnExportWatchesItFinishAndDownloadsTheZip() throws IOException {
    // two approved interviews to export
    String supervisor = fieldwork.demoToken("supervisor");
    JsonArray approvals = new JsonArray();
    for (int i = 1; i <= 2; i++) {
      upload(fieldwork.assignmentsOf("enumerator2").get(i), "export-test-" + i);
      approvals.add(new JsonObject().put("interviewId", "export-test-" + i).put("revision", 1));
    }
    assertEquals(200, fieldwork.server().send("POST", "/api/v1/surveys/" + Fieldwork.SURVEY + "/reviews",
        supervisor, new JsonObject().put("decision", "approve").put("interviews", approvals).encode()).status());
    // a real export of a test survey is done within a second: this one stands for a long one, 40 % done after 20 s
    var jobs = fieldwork.server().server().mongo().db().getCollection("exports");
    Instant now = Instant.now();
    jobs.insertOne(new Document("_id", "exp-long").append("surveyId", Fieldwork.SURVEY).append("state", "running")
        .append("phase", "writing").append("percent", 40).append("done", 4000L).append("total", 10000L)
        .append("include", "all").append("identifying", "drop").append("language", null)
        .append("requestedBy", new Document("username", "manager"))
        .append("createdAt", Date.from(now.minusSeconds(25))).append("startedAt", Date.from(now.minusSeconds(20)))
        .append("updatedAt", Date.from(now)));
    List<String> polls = new ArrayList<>();
    page.onRequest(r -> {
      if (r.url().matches(".*/exports/exp-[^/]+$")) {
        polls.add(r.url());
      }
    });

    page.navigate(fieldwork.server().baseUrl() + "/ui/");
    logIn("analyst", "analyst-demo-pass");
    assertThat(heading("Exports")).isVisible();
    assertThat(page).hasURL(Pattern.compile("#/exports$"));
    assertThat(link("Coverage")).isHidden();
    assertThat(link("Review queue")).isHidden();
    assertThat(page.locator("#live")).hasText("no live updates");
    assertThat(page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Drop"))).isChecked();
    assertThat(page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Keep"))).hasCount(0);

    Locator running = page.locator("#exports-list li[data-export=exp-long]");
    assertThat(running.getByRole(AriaRole.PROGRESSBAR)).hasAttribute("aria-valuenow", "40");
    assertThat(running.locator(".progress-text")).containsText(Pattern.compile("40 %.*about \\d+ s left"));

    page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Approved only")).check();
    choose("Labels in the import scripts", "French");
    button("Start export").click();
    Locator job = page.locator("#exports-list li").first();
    assertThat(job.getByRole(AriaRole.PROGRESSBAR)).hasAttribute("aria-valuenow", "100",
        new LocatorAssertions.HasAttributeOptions().setTimeout(LIVE_TIMEOUT_MS));
    assertThat(job.locator(".badge")).hasText("Done");
    assertThat(job).containsText("by analyst");
    assertThat(job).containsText("Approved only · identifying variables dropped · labels in French");
    assertThat(job).containsText(Pattern.compile("\\d+ interviews"));
    assertThat(job.locator(".sha")).hasText(Pattern.compile("^sha256 [0-9a-f]{12}…$"));
    assertThat(page.locator("#exports-status")).containsText("Export done");
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("export.png")).setFullPage(true));

    Download download = page.waitForDownload(() -> job.getByRole(AriaRole.BUTTON,
        new Locator.GetByRoleOptions().setName("Download zip")).click());
    assertThat(page.locator("#exports-error")).isHidden();
    assertTrue(download.suggestedFilename().matches(Fieldwork.SURVEY + "-exp-[0-9a-f]+\\.zip"),
        download.suggestedFilename());
    try (ZipFile zip = new ZipFile(download.path().toFile())) {
      Set<String> names = new HashSet<>(zip.stream().map(ZipEntry::getName).toList());
      assertTrue(names.containsAll(List.of("household.csv", "sample.csv")), names::toString);
    }

    // the long one fails: its message is shown, and with no job left running the page stops asking
    jobs.updateOne(new Document("_id", "exp-long"), new Document("$set", new Document("state", "failed")
        .append("error", new Document("code", "export.failed").append("message", "The disk is full."))));
    assertThat(running.locator(".error-text")).hasText("The disk is full.");
    assertThat(running.getByRole(AriaRole.PROGRESSBAR)).hasCount(0);
    int asked = polls.size();
    page.waitForTimeout(2500);
    assertEquals(asked, polls.size(), () -> "still polling: " + polls);

    // readable on a tablet: nothing wider than the screen
    page.setViewportSize(768, 1024);
    assertEquals(Boolean.TRUE, page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"));
  }

  @Test
  void adminGetsExportsAsOneMoreViewAndMayKeepIdentifyingVariables() {
    page.navigate(fieldwork.server().baseUrl() + "/ui/");
    logIn("admin", "admin-demo-pass");
    assertThat(heading("Coverage")).isVisible();
    link("Exports").click();
    assertThat(heading("Exports")).isVisible();
    assertThat(page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Keep"))).isVisible();
  }

  private void logIn(String username, String password) {
    page.getByLabel("Username").fill(username);
    page.getByLabel("Password").fill(password);
    button("Log in").click();
  }

  private void upload(JsonObject assignment, String interviewId) {
    upload(assignment, interviewId, Fieldwork.ANSWERS);
  }

  private void upload(JsonObject assignment, String interviewId, byte[] answers) {
    TestServer.Response r = fieldwork.upload(fieldwork.header(assignment, interviewId, 1).build(), answers);
    assertTrue(r.status() / 100 == 2, () -> "upload answered " + r);
  }

  private Locator heading(String name) {
    return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  private Locator link(String name) {
    return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  private Locator button(String name) {
    return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  /** Picks an option, by its visible text, in the drop-down list labelled so. */
  private void choose(String label, String option) {
    page.getByLabel(label, new Page.GetByLabelOptions().setExact(true))
        .selectOption(new SelectOption().setLabel(option));
  }

  private Locator tileValue(String id) {
    return page.locator("#" + id + " .tile-value");
  }

  private int tile(String id) {
    assertThat(tileValue(id)).hasText(Pattern.compile("^\\d+$"));
    return Integer.parseInt(tileValue(id).textContent().trim());
  }

  private Locator queueRow(String interviewId) {
    return page.locator("#queue-table tbody tr[data-interview='" + interviewId + "']");
  }

  private void assertStillTheSameDocument() {
    assertEquals(Boolean.TRUE, page.evaluate("() => window.sameDocument === true"), "the page was reloaded");
  }

  private void screenshot(String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)));
  }
}

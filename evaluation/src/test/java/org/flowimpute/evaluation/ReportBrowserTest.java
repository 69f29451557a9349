package org.flowimpute.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Renders report.html in headless Chromium (Debian's chromium and chromium-driver, which .ci/run
 * installs) and checks that every image loaded. Runs only in the {@code browser} Maven profile,
 * which is active where /usr/bin/chromium exists.
 */
class ReportBrowserTest {

  private static ChromeDriver driver;

  @TempDir static Path temp;

  @BeforeAll
  static void startBrowser() throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    Path profile = Files.createDirectories(temp.resolve("chromium-profile"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .build();
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  /** naturalWidth of every image once the page has loaded (0 = did not load). */
  @SuppressWarnings("unchecked")
  private static List<Long> imageWidths(Path page) {
    driver.get(page.toUri().toString());
    return (List<Long>)
        ((JavascriptExecutor) driver)
            .executeScript(
                "return Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0);");
  }

  private static Path writeReport(Path dir) throws Exception {
    Files.createDirectories(dir);
    ReportFixture fixture = ReportFixture.create(dir);
    return ReportWriter.write(
        dir, fixture.report, fixture.real, fixture.synthetic, fixture.windows);
  }

  @Test
  void everyImageOfTheReportLoads() throws Exception {
    Path page = writeReport(temp.resolve("complete"));

    List<Long> widths = imageWidths(page);

    assertEquals(ReportFixture.IMAGES, widths.size());
    widths.forEach(w -> assertEquals(ReportWriter.WIDTH, w));
  }

  @Test
  void aMissingPlotIsSeenAsNotLoaded() throws Exception {
    Path page = writeReport(temp.resolve("broken"));
    Files.delete(page.resolveSibling(ReportWriter.PLOTS).resolve("t0-qq.png"));

    List<Long> widths = imageWidths(page);

    assertEquals(1, widths.stream().filter(w -> w == 0).count(), widths.toString());
  }
}

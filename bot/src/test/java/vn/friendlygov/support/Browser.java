package vn.friendlygov.support;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;

/**
 * Debian's headless Chromium through /usr/bin/chromedriver for the console's browser tests (check
 * {@link #available()} first: skipped only where that driver is not installed — CI installs it).
 * Selenium Manager never downloads anything: the driver is named explicitly.
 */
public final class Browser implements AutoCloseable {
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    public final WebDriver driver;
    private final Path profile;

    public Browser() {
        try {
            profile = Files.createTempDirectory("console-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    public static boolean available() {
        return Files.isExecutable(DRIVER);
    }

    /** The element once visible (15 s), or an error naming the page and the browser's console. */
    public WebElement waitFor(By by) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            StringBuilder l = new StringBuilder();
            driver.manage().logs().get(LogType.BROWSER).forEach(x -> l.append(x.getMessage()).append('\n'));
            throw new AssertionError("no " + by + " on " + driver.getCurrentUrl() + ":\n" + driver.getPageSource() + "\nLOGS " + l, e);
        }
    }

    /** Signs in through the console's form at {@code base} (the server's URL). */
    public void signIn(String base, String username, String password) {
        driver.manage().deleteAllCookies();
        driver.get(base + "/console");
        waitFor(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        waitFor(By.cssSelector("form.logout"));
    }

    /** Replaces a field's text. */
    public void type(By field, String text) {
        WebElement e = waitFor(field);
        e.clear();
        e.sendKeys(text);
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

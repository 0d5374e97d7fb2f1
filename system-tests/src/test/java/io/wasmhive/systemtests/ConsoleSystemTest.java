package io.wasmhive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.wasmhive.storage.Examples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's Chromium, headless, driven by its chromedriver) against
 * the running stack: an operator sets up a tenant, the tenant deploys, tries, reads logs and rolls
 * back. Screenshots go to {@code target/console/}.
 */
class ConsoleSystemTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "console");

    private final Stack stack = Stack.get();
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() throws IOException {
        assertThat(CHROMIUM).as("Chromium from Debian (apt-get install chromium chromium-driver; .ci/run does)").exists();
        assertThat(CHROMEDRIVER).exists();
        var options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--user-data-dir=" + Files.createTempDirectory("chromium"));
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 1000));
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void operatorSetsUpATenantWhichDeploysTriesReadsLogsAndRollsBack() throws IOException {
        browser.get(stack.api.resolve("/console/").toString());
        signIn(Stack.ADMIN_TOKEN, "");
        waitForText("Tenants");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "live"));
        browser.findElement(By.id("new-tenant")).sendKeys("browser-co");
        click(By.xpath("//button[text()='Create tenant']"));
        waitForText("Tenant browser-co");
        browser.findElement(By.id("key-name")).clear();
        browser.findElement(By.id("key-name")).sendKeys("console");
        click(By.xpath("//button[text()='Create key']"));
        String token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token"))).getText();
        assertThat(token).startsWith("whk_");
        screenshot("1-operator-key");

        click(By.id("sign-out"));
        signIn(token, "browser-co");
        waitForText("Functions of browser-co");
        browser.findElement(By.id("function-name")).sendKeys("hello");
        chooseModule("hello-c/hello.wasm");
        click(By.xpath("//button[text()='Upload']"));
        waitForText("Version 1 of hello uploaded and deployed.");
        waitForText("Function hello");
        assertFitsAPhone();

        new Select(browser.findElement(By.id("try-method"))).selectByVisibleText("POST");
        browser.findElement(By.id("try-path")).clear();
        browser.findElement(By.id("try-path")).sendKeys("/from-browser?status=201");
        browser.findElement(By.id("try-headers")).sendKeys("X-Greeting: from the console");
        browser.findElement(By.id("try-body")).sendKeys("ping");
        click(By.xpath("//button[text()='Send']"));
        wait.until(ExpectedConditions.textToBe(By.id("try-status"), "201"));
        assertThat(browser.findElement(By.id("try-body-out")).getText())
                .contains("Hello from C on Wasmhive!", "greeting header: from the console", "body: ping");
        assertThat(Long.parseLong(browser.findElement(By.id("try-fuel")).getText())).isPositive();

        wait.until(driver -> {
            driver.findElement(By.xpath("//section[@aria-labelledby='logs']//button[text()='Show']")).click();
            return driver.findElement(By.id("log-list")).getText().contains("hello-c served POST /from-browser");
        });
        screenshot("2-function");

        chooseModule("hello-wat/hello.wasm");
        click(By.xpath("//button[text()='Upload']"));
        waitForText("Version 2 of hello uploaded and deployed.");
        wait.until(ExpectedConditions.textToBe(By.id("active-version"), "2"));
        click(By.xpath("//button[text()='Roll back to 1']"));
        waitForText("Rolled back to version 1.");
        wait.until(ExpectedConditions.textToBe(By.id("active-version"), "1"));

        chooseModule("fixtures/no-start.wasm");
        click(By.xpath("//button[text()='Upload']"));
        var refusal = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
        assertThat(refusal.getText()).contains("exports no _start function");
        screenshot("3-rejected-upload");
    }

    /** At phone width nothing overflows sideways: every section fits the screen. */
    private void assertFitsAPhone() throws IOException {
        var size = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(390, 844));
        long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        screenshot("phone");
        browser.manage().window().setSize(size);
        assertThat(overflow).as("horizontal overflow at 390 px").isLessThanOrEqualTo(0);
    }

    private void signIn(String token, String tenant) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(token);
        browser.findElement(By.id("tenant")).sendKeys(tenant);
        click(By.xpath("//button[text()='Sign in']"));
    }

    private void chooseModule(String guest) {
        WebElement input = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("module-file")));
        input.sendKeys(Examples.path(guest).toString());
    }

    private void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    private void waitForText(String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), text));
    }

    /** The whole page: the window is stretched to the page's height for the picture. */
    private void screenshot(String name) throws IOException {
        var size = browser.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) browser).executeScript("return document.body.scrollHeight");
        browser.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(height + 150, 6000)));
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
        browser.manage().window().setSize(size);
    }
}

package uk.boroughbroker.keycloak.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import uk.boroughbroker.keycloak.testing.Browser;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;
import uk.boroughbroker.keycloak.testing.DemoBroker;
import uk.boroughbroker.keycloak.testing.PartnerApp;
import uk.boroughbroker.keycloak.testing.PartnerApp.TokenResponse;

/** The council sign-in pages in a real browser: typed into, clicked, rendered by Chromium. */
@KeycloakIntegrationTest(config = BoroughServerConfig.class)
@DisplayName("The council sign-in pages in Chromium")
class CouncilLoginBrowserIT extends AgainstTheDemoBroker {

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() {
        browser = Browser.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        browser.quit();
    }

    @Test
    void whenJaneSmithTypesHerBareUsernameThenSheChoosesLewishamAndSignsInAsHerself() {
        PartnerApp.AuthorizationRequest request = app.authorizationRequest(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT);
        browser.get(request.url());

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("jsmith");
        browser.findElement(By.id("password")).sendKeys("Lewisham!jsmith1");
        browser.findElement(By.id("kc-login")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("borough-council-choice")));
        assertThat(browser.findElement(By.id("kc-page-title")).getText()).contains("Which council do you work for?");
        browser.findElement(By.cssSelector("label[for='council-lewisham']")).click();
        browser.findElement(By.id("borough-choose")).click();

        wait.until(ExpectedConditions.attributeToBe(By.id("username"), "value", "jsmith@lewisham.gov.uk"));
        assertThat(browser.getPageSource()).contains("Sign in with your London Borough of Lewisham account");
        browser.findElement(By.id("password")).sendKeys("Lewisham!jsmith1");
        browser.findElement(By.id("kc-login")).click();

        wait.until(ExpectedConditions.urlContains("code="));
        TokenResponse token = app.redeem(request, browser.getCurrentUrl());
        assertThat(token.status()).as(token.body().toString()).isEqualTo(200);
        assertThat(app.verify(token.accessToken()).getClaim("home_council")).isEqualTo("lewisham");
        assertThat(app.verify(token.accessToken()).getClaim("name")).isEqualTo("Jane Smith");
    }

    @Test
    void whenAnAddressOfAnUnknownCouncilIsTypedThenThePageSaysSo() {
        browser.get(app.authorizationRequest(DemoBroker.WEB_CLIENT, DemoBroker.WEB_REDIRECT).url());

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("jsmith@croydon.gov.uk");
        browser.findElement(By.id("password")).sendKeys("whatever");
        browser.findElement(By.id("kc-login")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("borough-council-choice")));
        assertThat(browser.findElement(By.tagName("body")).getText())
                .contains("We do not recognise the council of \"croydon.gov.uk\"");
    }
}

import { test, expect, type Page } from "@playwright/test";

/** Collects console errors and failed requests so a test can assert there were none. */
function watchForErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("response", (res) => {
    if (res.status() >= 400 && !res.url().includes("/client/api")) {
      problems.push(`HTTP ${res.status()} for ${res.url()}`);
    }
  });
  return problems;
}

test("the console shell is server-rendered, hydrates, and validates the login form", async ({ page }) => {
  const problems = watchForErrors(page);
  await page.goto("/");

  await expect(page.getByTestId("shell-header")).toContainText("Nimbus");
  await expect(page.getByTestId("shell-nav")).toBeVisible();
  await expect(page.getByLabel("Username")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expect(page.getByLabel("Domain")).toBeVisible();

  // The wasm marks the body and enables the submit button only once it has hydrated the page.
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const submit = page.getByTestId("login-submit");
  await expect(submit).toBeEnabled();

  // Client-side validation: nothing typed, so both required fields report themselves.
  await submit.click();
  await expect(page.getByTestId("login-username-error")).toHaveText("Enter your username.");
  await expect(page.getByTestId("login-password-error")).toHaveText("Enter your password.");
  await expect(page.getByLabel("Username")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/$/);

  // Filling the username clears its message on the next attempt; the password one stays.
  await page.getByLabel("Username").fill("admin");
  await submit.click();
  await expect(page.getByTestId("login-username-error")).toHaveText("");
  await expect(page.getByTestId("login-password-error")).toHaveText("Enter your password.");

  expect(problems).toEqual([]);
});

test("/client redirects to the console", async ({ page }) => {
  const problems = watchForErrors(page);
  await page.goto("/client");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("login-form")).toBeVisible();
  expect(problems).toEqual([]);
});

test("an unknown console path renders the not-found page with status 404", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
});

test("logging in shows CloudStack's error for a wrong password and succeeds with the right one", async ({ page }) => {
  const problems = watchForErrors(page);
  await page.goto("/");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill("wrong");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("login-outcome")).toContainText("Failed to authenticate user admin");

  await page.getByLabel("Password").fill("password");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("login-outcome")).toHaveText("Logged in as admin.");

  // The 531 of the first attempt is an API answer, not a page problem.
  expect(problems.filter((p) => !p.includes("/client/api") && !p.includes("531"))).toEqual([]);
});

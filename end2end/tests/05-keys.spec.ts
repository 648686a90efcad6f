// API keys from the UI: generate them, call the API signed with them from the test (node's crypto), and fetch the
// signed request helper's URL.
import { test, expect, request } from "@playwright/test";
import { ApiSession, baseURL, signedQuery, uiLogin, watchForErrors } from "./helpers";

test("keys generated in the UI sign API calls, and the helper's signed URL works", async ({ page }) => {
  const problems = watchForErrors(page);
  const admin = await ApiSession.login();
  const users = await admin.call("listUsers", { username: "admin" });
  const adminUser = users.user[0];

  await uiLogin(page);
  await page.getByRole("link", { name: "Accounts and users" }).click();
  await expect(page.getByTestId("accounts-table")).toContainText("admin");
  await page.getByTestId("user-link").filter({ hasText: /^admin$/ }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/users/${adminUser.id}$`));
  await expect(page.getByTestId("user-name")).toHaveText("admin");
  await expect(page.getByTestId("signer-error")).toContainText("Generate keys first");

  await page.getByTestId("generate-keys").click();
  const apiKey = (await page.getByTestId("api-key").textContent()) ?? "";
  const secretKey = (await page.getByTestId("secret-key").textContent()) ?? "";
  expect(apiKey).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  expect(secretKey).toMatch(/^[A-Za-z0-9_-]{20,}$/);

  // A signed call computed here, independently of the console's own signing.
  const anonymous = await request.newContext({ baseURL });
  const query = signedQuery({ command: "listUsers", response: "json", apiKey, username: "admin" }, secretKey);
  const signed = await anonymous.get(`/client/api?${query}`);
  expect(signed.status(), await signed.text()).toBe(200);
  expect((await signed.json()).listusersresponse.user[0].id).toBe(adminUser.id);

  // The helper's URL, with a parameter that needs encoding, fetched as is.
  await page.getByLabel("Command").fill("listZones");
  await page.getByLabel("Parameters (one name=value per line)").fill("available=true\nkeyword=E2E Zone");
  const url = await page.getByTestId("signer-url").inputValue();
  expect(url.startsWith(`${baseURL}/client/api?command=listZones&`)).toBe(true);
  expect(url).toContain("keyword=E2E%20Zone");
  const viaHelper = await anonymous.get(url);
  expect(viaHelper.status(), await viaHelper.text()).toBe(200);
  expect(await viaHelper.json()).toHaveProperty("listzonesresponse");
  await expect(page.getByTestId("signer-curl")).toHaveValue(`curl -s '${url}'`);
  await page.screenshot({ path: "test-results/user-keys.png", fullPage: true });
  expect(problems).toEqual([]);
});

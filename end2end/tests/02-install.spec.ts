// The basic-installation wizard on the Simulator: live validation, a failing step corrected and retried, and the
// resulting zone checked through the API. Runs before the specs that need a zone (file order).
import { test, expect } from "@playwright/test";
import { ApiSession, uiLogin, watchForErrors } from "./helpers";

test("the wizard builds an enabled Simulator zone with Up hosts, retrying a failed step", async ({ page }) => {
  test.setTimeout(120_000);
  const problems = watchForErrors(page);
  const admin = await ApiSession.login();
  const before = await admin.call("listZones");
  test.skip((before.count ?? 0) > 0, "a zone already exists");

  // A second root admin runs the wizard, so changing its password leaves admin/password to the other specs.
  await admin.call("createAccount", {
    username: "installer", password: "install-me", firstname: "In", lastname: "Staller",
    email: "installer@example.org", accounttype: "1",
  });
  await uiLogin(page, "installer", "install-me");
  await expect(page).toHaveURL(/\/install$/);
  await expect(page.getByTestId("zone-wizard")).toBeVisible();

  // Password page: mismatched passwords are reported as typed and block Next.
  await page.getByLabel("New password", { exact: true }).fill("n3w-secret");
  await page.getByLabel("Confirm the new password").fill("n3w-secre");
  await expect(page.getByTestId("wiz-confirm-password-error")).toHaveText("The two passwords differ.");
  await page.getByTestId("wiz-next").click();
  await expect(page.getByTestId("wiz-section")).toHaveText("Admin password");
  await page.getByLabel("Confirm the new password").fill("n3w-secret");
  // Enter in a field moves on, and the next page's heading takes the focus.
  await page.getByLabel("Confirm the new password").press("Enter");

  await expect(page.getByTestId("wiz-section")).toHaveText("Zone");
  await expect(page.getByTestId("wiz-section")).toBeFocused();
  await page.getByLabel("Zone name").fill("E2E-Zone");
  await page.getByLabel("DNS 1").fill("8.8.8.8");
  await page.getByLabel("Internal DNS").fill("8.8.4.4");
  await expect(page.getByLabel("Hypervisor")).toHaveValue("Simulator");
  await page.getByTestId("wiz-next").click();

  // Pod: a range outside the gateway's subnet is refused before anything is sent.
  await expect(page.getByTestId("wiz-section")).toHaveText("Pod");
  await page.getByLabel("Pod name").fill("E2E-Pod");
  await page.getByLabel("Pod gateway").fill("172.16.15.1");
  await page.getByLabel("Pod netmask").fill("255.255.255.0");
  await page.getByLabel("Reserved system IP range: start").fill("172.16.16.2");
  await expect(page.getByTestId("wiz-pod-start-error")).toHaveText("172.16.16.2 is outside 172.16.15.0/24.");
  await page.getByTestId("wiz-next").click();
  await expect(page.getByTestId("wiz-section")).toHaveText("Pod");
  await page.getByLabel("Reserved system IP range: start").fill("172.16.15.2");
  await expect(page.getByTestId("wiz-pod-start-error")).toHaveText("");
  await page.getByLabel("Reserved system IP range: end").fill("172.16.15.200");
  await page.getByTestId("wiz-next").click();

  await expect(page.getByTestId("wiz-section")).toHaveText("Guest network");
  await page.getByLabel("Guest gateway").fill("60.147.41.1");
  await page.getByLabel("Guest netmask").fill("255.255.255.0");
  await page.getByLabel("Guest IP range: start").fill("60.147.41.2");
  await page.getByLabel("Guest IP range: end").fill("60.147.41.254");
  await page.getByTestId("wiz-next").click();

  await page.getByLabel("Cluster name").fill("E2E-Cluster");
  await page.getByTestId("wiz-next").click();

  // Host: prefilled for the Simulator; we break it on purpose so the launch fails at addHost.
  await expect(page.getByLabel("Host URL")).toHaveValue("http://sim/c0/h0");
  await page.getByLabel("Host URL").fill("http://nosuchhost/c0/h0");
  await page.getByTestId("wiz-next").click();

  await expect(page.getByTestId("wiz-section")).toHaveText("Primary storage");
  await page.getByLabel("Primary storage name").fill("E2E-Primary");
  await page.getByLabel("Primary NFS server").fill("nfsstor");
  await page.getByLabel("Primary storage path").fill("/export/primary");
  await page.getByTestId("wiz-next").click();
  await page.getByLabel("Secondary NFS server").fill("nfsstor");
  await page.getByLabel("Secondary storage path").fill("/export/secondary");
  await page.getByTestId("wiz-next").click();

  await expect(page.getByTestId("wiz-summary")).toContainText("E2E-Zone");
  await expect(page.getByTestId("wiz-summary")).toContainText("nfs://nfsstor/export/primary");
  await page.screenshot({ path: "test-results/wizard-summary.png", fullPage: true });
  await page.getByTestId("wiz-next").click();

  await page.getByTestId("wiz-launch").click();
  const addHost = page.locator('[data-testid^="step-"]', { hasText: "Add the host" });
  await expect(addHost).toHaveAttribute("data-status", "failed", { timeout: 60_000 });
  await expect(addHost.getByRole("alert")).not.toBeEmpty();
  await expect(page.getByTestId("step-1")).toHaveAttribute("data-status", "done");
  await page.screenshot({ path: "test-results/wizard-failed-step.png", fullPage: true });

  // Correct the host and retry: the steps that succeeded are not run again.
  await page.getByTestId("wiz-fix").click();
  await expect(page.getByTestId("wiz-section")).toHaveText("Host");
  await page.getByLabel("Host URL").fill("http://sim/c0/h0");
  for (const section of ["Primary storage", "Secondary storage", "Summary", "Launch"]) {
    await page.getByTestId("wiz-next").click();
    await expect(page.getByTestId("wiz-section")).toHaveText(section);
  }
  await expect(page.getByTestId("wiz-launch")).toHaveText("Retry");
  await page.getByTestId("wiz-launch").click();
  await expect(page.getByTestId("wiz-done")).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: "test-results/wizard-done.png", fullPage: true });

  // Through the API: one enabled zone, its host Up, storage in place, and the installer's new password works.
  const zones = await admin.call("listZones", { name: "E2E-Zone" });
  expect(zones.count).toBe(1);
  expect(zones.zone[0].allocationstate).toBe("Enabled");
  const hosts = await admin.call("listHosts", { zoneid: zones.zone[0].id, type: "Routing" });
  expect(hosts.count).toBe(1);
  expect(hosts.host[0].state).toBe("Up");
  expect((await admin.call("listStoragePools", { zoneid: zones.zone[0].id })).count).toBe(1);
  expect((await admin.call("listImageStores", { zoneid: zones.zone[0].id })).count).toBe(1);
  await ApiSession.login("installer", "n3w-secret");

  expect(problems).toEqual([]);
});

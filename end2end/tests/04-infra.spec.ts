// Infrastructure pages on the zone the wizard built: lists, details, host maintenance through its async jobs.
import { test, expect } from "@playwright/test";
import { ApiSession, uiLogin, watchForErrors } from "./helpers";

test("a host goes into maintenance and back from its detail page", async ({ page }) => {
  const problems = watchForErrors(page);
  const admin = await ApiSession.login();
  const hosts = await admin.call("listHosts", { type: "Routing" });
  expect(hosts.count ?? 0, "02-install.spec.ts built a zone with a host").toBeGreaterThan(0);
  const host = hosts.host[0];

  await uiLogin(page);
  await page.getByRole("link", { name: "Hosts", exact: true }).click();
  await expect(page).toHaveURL(/\/infra\/hosts$/);
  await expect(page.getByTestId("hosts-table")).toContainText(host.name);
  await page.getByRole("link", { name: host.name, exact: true }).click();
  await expect(page.getByTestId("detail-name")).toHaveText(host.name);
  await expect(page.getByTestId("detail-resourcestate")).toContainText("Enabled");

  await page.getByTestId("action-prepareHostForMaintenance").click();
  await expect(page.getByTestId("action-progress")).toHaveAttribute("data-status", "done", { timeout: 15_000 });
  await expect(page.getByTestId("detail-resourcestate")).toContainText("Maintenance");
  expect((await admin.call("listHosts", { id: host.id })).host[0].resourcestate).toBe("Maintenance");
  await page.screenshot({ path: "test-results/host-maintenance.png", fullPage: true });

  await page.getByTestId("action-cancelHostMaintenance").click();
  await expect(page.getByTestId("action-progress")).toHaveAttribute("data-status", "done", { timeout: 15_000 });
  await expect(page.getByTestId("detail-resourcestate")).toContainText("Enabled");
  expect((await admin.call("listHosts", { id: host.id })).host[0].resourcestate).toBe("Enabled");

  // Deleting asks first; cancelling leaves the host alone.
  await page.getByTestId("action-deleteHost").click();
  await expect(page.getByTestId("confirm")).toContainText("cannot be undone");
  // By keyboard: the safe button has the focus, so Enter cancels.
  await expect(page.getByTestId("confirm-no")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("confirm")).toHaveCount(0);

  // A second host, added from its cluster's page; the URL is checked as it is typed.
  await page.goto(`/infra/clusters/${host.clusterid}`);
  await page.getByTestId("open-addHost").click();
  await page.getByLabel("Host URL").fill("sim/c0/h1");
  await expect(page.locator("#addHost-url-error")).toContainText("scheme");
  await page.getByLabel("Host URL").fill("http://sim/c0/h1");
  await page.getByLabel("Host password").fill("password");
  await page.getByTestId("submit-addHost").click();
  await expect(page.getByTestId("progress-addHost")).toHaveAttribute("data-status", "done", { timeout: 15_000 });
  const after = await admin.call("listHosts", { clusterid: host.clusterid, type: "Routing" });
  expect(after.count).toBe(2);

  // Every list renders at a narrow width too.
  await page.setViewportSize({ width: 480, height: 800 });
  for (const kind of ["zones", "pods", "clusters", "primary", "secondary", "systemvms"]) {
    await page.goto(`/infra/${kind}`);
    await expect(page.getByTestId(`${kind}-table`).or(page.getByTestId("empty-list"))).toBeVisible();
  }
  expect(problems).toEqual([]);
});

// Instances on the zone the wizard built: deploy from the UI, stop, start, destroy; a deploy that cannot fit explains why.
import { test, expect } from "@playwright/test";
import { ApiSession, uiLogin, watchForErrors } from "./helpers";

test("an instance is deployed, stopped, started and destroyed from the console", async ({ page }) => {
  test.setTimeout(90_000);
  const problems = watchForErrors(page);
  const admin = await ApiSession.login();
  const zones = await admin.call("listZones");
  expect(zones.count ?? 0, "02-install.spec.ts built a zone").toBeGreaterThan(0);

  await uiLogin(page);
  await page.getByRole("link", { name: "Instances", exact: true }).click();
  await expect(page).toHaveURL(/\/instances$/);
  await expect(page.getByTestId("instances-table").or(page.getByTestId("empty-list"))).toBeVisible();

  await page.getByTestId("new-instance").click();
  await expect(page).toHaveURL(/\/instances\/new$/);
  await expect(page.getByLabel("Template")).toBeVisible({ timeout: 15_000 });
  await page.getByLabel("Service offering").selectOption({ label: "Small Instance" });
  await page.getByLabel("Name").fill("web-1");
  await page.getByTestId("deploy-submit").click();
  // The job's progress, then the new instance's page once it is Running.
  await expect(page).toHaveURL(/\/instances\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("detail-name")).toHaveText("web-1");
  await expect(page.getByTestId("detail-state")).toContainText("Running", { timeout: 15_000 });
  await expect(page.getByTestId("detail-host")).not.toBeEmpty();
  await expect(page.getByTestId("volumes-table")).toContainText("ROOT");
  const vm = (await admin.call("listVirtualMachines", { name: "web-1", listall: "true" })).virtualmachine[0];
  expect(vm.state).toBe("Running");
  await page.screenshot({ path: "test-results/instance-detail.png", fullPage: true });

  await page.getByTestId("action-stopVirtualMachine").click();
  await expect(page.getByTestId("action-progress")).toHaveAttribute("data-status", "done", { timeout: 20_000 });
  await expect(page.getByTestId("detail-state")).toContainText("Stopped", { timeout: 15_000 });

  await page.getByTestId("action-startVirtualMachine").click();
  await expect(page.getByTestId("action-progress")).toHaveAttribute("data-status", "done", { timeout: 20_000 });
  await expect(page.getByTestId("detail-state")).toContainText("Running", { timeout: 15_000 });

  // Migration to the other host of the zone (04-infra.spec.ts added it), picked by name.
  const before = (await admin.call("listVirtualMachines", { id: vm.id, listall: "true" })).virtualmachine[0];
  const hosts = (await admin.call("listHosts", { type: "Routing", zoneid: vm.zoneid })).host;
  const other = hosts.find((h: any) => h.id !== before.hostid && h.state === "Up");
  expect(other, "a second Up host to migrate to").toBeTruthy();
  await page.getByLabel("Destination host").selectOption({ label: other.name });
  await page.getByTestId("action-migrateVirtualMachine").click();
  await expect(page.getByTestId("action-progress")).toHaveAttribute("data-status", "done", { timeout: 20_000 });
  await expect(page.getByTestId("detail-host")).toHaveText(other.name, { timeout: 15_000 });
  await expect(page.getByTestId("detail-state")).toContainText("Running");

  // The list finds it by keyword and by state.
  await page.goto("/instances");
  await page.getByLabel("Search").fill("web-1");
  await page.getByTestId("vm-search-submit").click();
  const row = page.locator(`[data-testid="row"][data-name="web-1"]`);
  await expect(row).toContainText("Running");
  await expect(row).toContainText("Small Instance");
  await page.getByLabel("State").selectOption("Stopped");
  await expect(page.getByTestId("empty-list")).toBeVisible();
  await page.getByLabel("State").selectOption("Running");
  await expect(row).toBeVisible();
  await page.screenshot({ path: "test-results/instances.png", fullPage: true });

  // Destroying asks first.
  await page.goto(`/instances/${vm.id}`);
  await page.getByTestId("action-destroyVirtualMachine").click();
  await expect(page.getByTestId("confirm-no")).toBeFocused();
  await page.getByTestId("confirm-yes").click();
  await expect(page.getByTestId("action-progress")).toHaveAttribute("data-status", "done", { timeout: 20_000 });
  await expect(page.getByTestId("detail-state")).toContainText("Destroyed", { timeout: 15_000 });
  await expect(page.getByTestId("action-recoverVirtualMachine")).toBeVisible();
  const after = (await admin.call("listVirtualMachines", { id: vm.id, listall: "true" })).virtualmachine[0];
  expect(after.state).toBe("Destroyed");
  // A destroyed instance can be recovered (it comes back stopped) until the expunger removes it.
  await page.getByTestId("action-recoverVirtualMachine").click();
  await expect(page.getByTestId("action-progress")).toHaveAttribute("data-status", "done", { timeout: 20_000 });
  await expect(page.getByTestId("detail-state")).toContainText("Stopped", { timeout: 15_000 });
  await page.getByTestId("action-destroyVirtualMachine").click();
  await page.getByTestId("confirm-yes").click();
  await expect(page.getByTestId("detail-state")).toContainText("Destroyed", { timeout: 15_000 });
  expect(problems).toEqual([]);
});

test("a deploy that cannot fit shows the scheduler's explanation", async ({ page }) => {
  test.setTimeout(60_000);
  const admin = await ApiSession.login();
  await admin.call("createServiceOffering", {
    name: "Huge",
    displaytext: "Too big for any host",
    cpunumber: "1",
    cpuspeed: "500",
    memory: String(4 * 1024 * 1024),
  });

  await uiLogin(page);
  await page.goto("/instances/new");
  await expect(page.getByLabel("Template")).toBeVisible({ timeout: 15_000 });
  await page.getByLabel("Service offering").selectOption({ label: "Huge" });
  await page.getByLabel("Name").fill("too-big");
  await page.getByTestId("deploy-submit").click();
  const progress = page.getByTestId("deploy-progress");
  await expect(progress).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
  await expect(progress.getByRole("alert")).toContainText("hosts considered");
  await expect(progress.getByRole("alert")).toContainText("error 533");
  await page.screenshot({ path: "test-results/deploy-no-capacity.png", fullPage: true });
});

// Templates and ISOs, offerings, row actions on the instance and host lists, the instance list's paging over more
// than 20 VMs and its live refresh when a VM changes through the API. Uses the zone 02-install built.
import { test, expect } from "@playwright/test";
import { ApiSession, uiLogin, watchForErrors } from "./helpers";

test("a template and an ISO are registered and deleted; a refused register shows the server's text", async ({ page }) => {
  test.setTimeout(60_000);
  const problems = watchForErrors(page);
  const admin = await ApiSession.login();
  await uiLogin(page);
  await page.getByRole("link", { name: "Templates and ISOs", exact: true }).click();
  await expect(page).toHaveURL(/\/templates$/);
  // The built-in Simulator templates reached the zone with its first host.
  await expect(page.getByTestId("images-table")).toBeVisible();

  // Checked as typed: a URL without a known scheme is refused before anything is sent.
  await page.getByTestId("image-register").click();
  await expect(page.locator("#image-name-error")).toHaveText("Required.");
  await page.getByLabel("Name", { exact: true }).fill("e2e-template");
  await page.getByLabel("URL").fill("ftp://images.example/e2e.qcow2");
  await expect(page.locator("#image-url-error")).toContainText("http://");
  await expect(page.getByLabel("URL")).toHaveAttribute("aria-invalid", "true");

  // The server refuses a URL over 2048 characters; its text and code are shown.
  await page.getByLabel("URL").fill("http://images.example/" + "a".repeat(2100) + ".qcow2");
  await page.getByLabel("Hypervisor").selectOption("Simulator");
  await page.getByTestId("image-register").click();
  const progress = page.getByTestId("register-progress");
  await expect(progress).toHaveAttribute("data-status", "failed", { timeout: 15_000 });
  await expect(progress.getByRole("alert")).toContainText("error 431");

  await page.getByLabel("URL").fill("http://images.example/e2e.qcow2");
  await page.getByLabel("Display text").fill("E2E template");
  await page.getByLabel("Format").selectOption("QCOW2");
  await page.getByLabel("Featured").check();
  await page.getByTestId("image-register").click();
  await expect(progress).toHaveAttribute("data-status", "done", { timeout: 15_000 });
  const row = page.locator('[data-testid="row"][data-name="e2e-template"]');
  // Simulator zones count images as downloaded at once.
  await expect(row.getByTestId("image-status")).toContainText("Ready", { timeout: 15_000 });
  await expect(row).toContainText("QCOW2");
  const listed = await admin.call("listTemplates", { templatefilter: "self", name: "e2e-template" });
  expect(listed.template[0].isfeatured).toBe(true);
  await page.screenshot({ path: "test-results/templates.png", fullPage: true });

  // Deleting asks first (Cancel has the focus), then runs the job.
  await row.getByTestId("row-delete").click();
  await expect(page.getByTestId("confirm-no")).toBeFocused();
  await page.getByTestId("confirm-yes").click();
  await expect(page.getByTestId("row-progress")).toHaveAttribute("data-status", "done", { timeout: 15_000 });
  await expect(row).toHaveCount(0);
  expect((await admin.call("listTemplates", { templatefilter: "self", name: "e2e-template" })).count ?? 0).toBe(0);

  // ISOs: the same page, another tab.
  await page.getByTestId("tab-isos").click();
  await expect(page.getByTestId("tab-isos")).toHaveAttribute("aria-pressed", "true");
  await page.getByLabel("Name", { exact: true }).fill("e2e-iso");
  await page.getByLabel("URL").fill("http://images.example/e2e.iso");
  await page.getByTestId("image-register").click();
  await expect(page.getByTestId("register-progress")).toHaveAttribute("data-status", "done", { timeout: 15_000 });
  const iso = page.locator('[data-testid="row"][data-name="e2e-iso"]');
  await expect(iso).toBeVisible();
  await iso.getByTestId("row-delete").click();
  await page.getByTestId("confirm-yes").click();
  await expect(iso).toHaveCount(0, { timeout: 15_000 });
  expect((await admin.call("listIsos", { isofilter: "self", name: "e2e-iso" })).count ?? 0).toBe(0);
  expect(problems).toEqual([]);
});

test("service and disk offerings are created and deleted", async ({ page }) => {
  const problems = watchForErrors(page);
  const admin = await ApiSession.login();
  await uiLogin(page);
  await page.getByRole("link", { name: "Offerings", exact: true }).click();
  await expect(page.getByTestId("service-offerings-table")).toContainText("Small Instance");

  await page.getByTestId("so-memory").fill("0");
  await page.getByTestId("so-submit").click();
  await expect(page.locator("#so-name-error")).toHaveText("Required.");
  await expect(page.locator("#so-memory-error")).toContainText("at least 1");
  await page.getByTestId("so-name").fill("e2e-offering");
  await page.getByTestId("so-cpunumber").fill("2");
  await page.getByTestId("so-cpuspeed").fill("1500");
  await page.getByTestId("so-memory").fill("2048");
  await page.getByTestId("so-hosttags").fill("fast");
  await page.getByTestId("so-offerha").check();
  await page.getByTestId("so-submit").click();
  await expect(page.getByTestId("so-progress")).toHaveAttribute("data-status", "done");
  const row = page.locator('[data-testid="row"][data-name="e2e-offering"]');
  await expect(row).toContainText("1500");
  await expect(row).toContainText("fast");
  const made = (await admin.call("listServiceOfferings", { name: "e2e-offering" })).serviceoffering[0];
  expect([made.cpunumber, made.memory, made.offerha, made.hosttags]).toEqual([2, 2048, true, "fast"]);

  await page.getByTestId("do-name").fill("e2e-disk");
  await page.getByTestId("do-disksize").fill("7");
  await page.getByTestId("do-tags").fill("ssd");
  await page.getByTestId("do-submit").click();
  await expect(page.getByTestId("do-progress")).toHaveAttribute("data-status", "done");
  const disk = page.locator('[data-testid="row"][data-name="e2e-disk"]');
  await expect(disk).toContainText("ssd");
  await page.screenshot({ path: "test-results/offerings.png", fullPage: true });

  await row.getByTestId("row-delete").click();
  await page.getByTestId("confirm-yes").click();
  await expect(row).toHaveCount(0);
  await disk.getByTestId("row-delete").click();
  await page.getByTestId("confirm-yes").click();
  await expect(disk).toHaveCount(0);
  expect((await admin.call("listServiceOfferings", { name: "e2e-offering" })).count ?? 0).toBe(0);
  expect((await admin.call("listDiskOfferings", { name: "e2e-disk" })).count ?? 0).toBe(0);
  expect(problems).toEqual([]);
});

test("hosts are disabled and enabled from their row", async ({ page }) => {
  const problems = watchForErrors(page);
  const admin = await ApiSession.login();
  const host = (await admin.call("listHosts", { type: "Routing" })).host[0];
  await uiLogin(page);
  await page.goto("/infra/hosts");
  const row = page.locator(`[data-testid="row"][data-id="${host.id}"]`);
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row.getByTestId("row-progress")).toHaveAttribute("data-status", "done", { timeout: 15_000 });
  await expect(row).toContainText("Disabled");
  expect((await admin.call("listHosts", { id: host.id })).host[0].resourcestate).toBe("Disabled");
  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row.getByTestId("row-progress")).toHaveAttribute("data-status", "done", { timeout: 15_000 });
  await expect(row).toContainText("Enabled");
  expect((await admin.call("listHosts", { id: host.id })).host[0].resourcestate).toBe("Enabled");
  expect(problems).toEqual([]);
});

test("the instance list pages through 22 VMs, follows API changes live and acts from its rows", async ({ page }) => {
  test.setTimeout(180_000);
  const problems = watchForErrors(page);
  const admin = await ApiSession.login();
  const zone = (await admin.call("listZones")).zone[0];
  const template = (await admin.call("listTemplates", { templatefilter: "executable", zoneid: zone.id })).template[0];
  const tiny = await admin.call("createServiceOffering", {
    name: "e2e-tiny", displaytext: "Tiny", cpunumber: "1", cpuspeed: "100", memory: "64",
  });
  const offering = tiny.serviceoffering.id;
  // 22 VMs through the API, four deploys at a time.
  const names = Array.from({ length: 22 }, (_, i) => `pg-${String(i).padStart(2, "0")}`);
  for (let i = 0; i < names.length; i += 4) {
    await Promise.all(names.slice(i, i + 4).map((name) =>
      admin.call("deployVirtualMachine", {
        zoneid: zone.id, templateid: template.id, serviceofferingid: offering, name, displayname: name,
      })));
  }

  await uiLogin(page);
  await page.goto("/instances");
  await page.getByLabel("Search").fill("pg-");
  await page.getByTestId("vm-search-submit").click();
  const info = page.getByTestId("page-info");
  await expect(info).toHaveText("Page 1 of 2 (22 instances)");
  await expect(page.getByTestId("row")).toHaveCount(20);
  await page.getByTestId("page-next").click();
  await expect(info).toHaveText("Page 2 of 2 (22 instances)");
  await expect(page.getByTestId("row")).toHaveCount(2);
  await expect(page.getByTestId("page-next")).toBeDisabled();
  await page.getByTestId("page-previous").click();
  await expect(info).toHaveText("Page 1 of 2 (22 instances)");
  await expect(page.getByTestId("row")).toHaveCount(20);
  await expect(page.getByTestId("page-previous")).toBeDisabled();

  // Live refresh: a VM stopped through the API changes its badge here without a reload.
  await page.evaluate(() => ((window as any).stillThisPage = true));
  const name = (await page.getByTestId("row").first().getAttribute("data-name"))!;
  const first = page.locator(`[data-testid="row"][data-name="${name}"]`);
  await expect(first.getByTestId("vm-state")).toHaveText("Running");
  const vm = (await admin.call("listVirtualMachines", { name, listall: "true" })).virtualmachine[0];
  await admin.call("stopVirtualMachine", { id: vm.id });
  await expect(first.getByTestId("vm-state")).toHaveText("Stopped", { timeout: 15_000 });
  expect(await page.evaluate(() => (window as any).stillThisPage)).toBe(true);

  // Row actions, each with its job's progress in the row.
  await first.getByTestId("row-startVirtualMachine").click();
  await expect(first.getByTestId("row-progress")).toHaveAttribute("data-status", "done", { timeout: 20_000 });
  await expect(first.getByTestId("vm-state")).toHaveText("Running", { timeout: 15_000 });
  await first.getByTestId("row-rebootVirtualMachine").click();
  await expect(first.getByTestId("row-progress")).toHaveAttribute("data-status", "done", { timeout: 20_000 });
  await first.getByTestId("row-stopVirtualMachine").click();
  await expect(first.getByTestId("vm-state")).toHaveText("Stopped", { timeout: 20_000 });
  await first.getByTestId("row-destroyVirtualMachine").click();
  await expect(page.getByTestId("confirm")).toContainText(name);
  await expect(page.getByTestId("confirm-no")).toBeFocused();
  await page.getByTestId("confirm-yes").click();
  await expect(first.getByTestId("vm-state")).toHaveText("Destroyed", { timeout: 20_000 });
  await expect(first.getByTestId("row-recoverVirtualMachine")).toBeVisible();
  expect((await admin.call("listVirtualMachines", { id: vm.id, listall: "true" })).virtualmachine[0].state)
    .toBe("Destroyed");
  await page.screenshot({ path: "test-results/instances-paged.png", fullPage: true });
  expect(problems).toEqual([]);
});

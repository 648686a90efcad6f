// The dashboard after the wizard built a zone: capacity bars, counts, events.
import { test, expect } from "@playwright/test";
import { ApiSession, uiLogin, watchForErrors } from "./helpers";

test("the dashboard shows the zone's capacity and the infrastructure counts", async ({ page }) => {
  const problems = watchForErrors(page);
  const admin = await ApiSession.login();
  const zones = await admin.call("listZones");
  expect(zones.count ?? 0, "02-install.spec.ts runs first and builds a zone").toBeGreaterThan(0);

  await uiLogin(page);
  await expect(page).toHaveURL(/\/dashboard$/);
  const zone = page.locator(`[data-testid="capacity-zone"][data-zonename="${zones.zone[0].name}"]`);
  await expect(zone).toBeVisible();
  await expect(zone.getByTestId("capacity-1")).toContainText("GHz");
  await expect(zone.getByTestId("capacity-0")).toContainText("GiB");
  await expect(zone.getByTestId("capacity-8")).toContainText("addresses");
  await expect(page.getByTestId("count-listZones")).toHaveText(/^\d+\s*Zones$/);
  await expect(page.getByTestId("count-listHosts")).not.toContainText("…");
  await expect(page.getByTestId("latest-events")).toContainText("ZONE");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: "test-results/dashboard.png", fullPage: true });
  expect(problems).toEqual([]);
});

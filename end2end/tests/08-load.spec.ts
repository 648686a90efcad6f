// Load figures, printed and never asserted on time: navigation to a rendered instance list of 10,000 VMs. The VM rows
// are copied in the server's SQLite file (fill_vms.py, as server/benches/vms.rs does) from the VMs 06/07 deployed.
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { ApiSession, uiLogin } from "./helpers";

const TARGET = 10_000;

test("figures: navigation to a rendered instance list of 10,000 VMs", async ({ page }) => {
  test.setTimeout(180_000);
  const db = process.env.NIMBUS_E2E_DATABASE;
  test.skip(!db, "NIMBUS_E2E_DATABASE (set by run.sh) names the server's SQLite file");
  const admin = await ApiSession.login();
  const before = await admin.call("listVirtualMachines", { listall: "true", pagesize: "1", page: "1" });
  expect(before.count ?? 0, "06/07 deployed VMs to copy").toBeGreaterThan(0);
  execFileSync("python3", [path.join(__dirname, "fill_vms.py"), db!, String(TARGET)], { stdio: "pipe" });
  const count = (await admin.call("listVirtualMachines", { listall: "true", pagesize: "1", page: "1" })).count;
  expect(count).toBeGreaterThanOrEqual(TARGET);

  await uiLogin(page);
  // Where the time goes: the list call's own duration, as the browser saw it.
  let listCall = 0;
  page.on("requestfinished", (req) => {
    if (req.postData()?.includes("command=listVirtualMachines")) {
      const t = req.timing();
      listCall = t.responseEnd - t.requestStart;
    }
  });
  for (const round of [1, 2, 3]) {
    const started = Date.now();
    await page.goto("/instances");
    await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
    const hydrated = Date.now() - started;
    await expect(page.getByTestId("row")).toHaveCount(20, { timeout: 60_000 });
    const rendered = Date.now() - started;
    await expect(page.getByTestId("page-info")).toContainText(`(${count} instances)`);
    console.log(
      `instance list of ${count} VMs (page of 20), round ${round}: rendered ${rendered} ms after navigation ` +
        `(hydrated at ${hydrated} ms; listVirtualMachines answered in ${Math.round(listCall)} ms)`,
    );
  }
  await page.screenshot({ path: "test-results/instances-10k.png" });
});

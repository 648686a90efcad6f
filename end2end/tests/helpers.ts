// Shared helpers: API calls with a session or with API keys (signed as CloudStack does), and UI login.
import { expect, request, type APIRequestContext, type Page } from "@playwright/test";
import { createHmac } from "node:crypto";

export const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:8080";

/** A logged-in API session (its own cookie jar) that calls commands with the session key. */
export class ApiSession {
  constructor(
    readonly ctx: APIRequestContext,
    readonly sessionkey: string,
    readonly userid: string,
  ) {}

  static async login(username = "admin", password = "password"): Promise<ApiSession> {
    const ctx = await request.newContext({ baseURL });
    const res = await ctx.post("/client/api", {
      form: { command: "login", username, password, domain: "/", response: "json" },
    });
    expect(res.status(), await res.text()).toBe(200);
    const login = (await res.json()).loginresponse;
    return new ApiSession(ctx, login.sessionkey, login.userid);
  }

  /** Calls `command`; returns the inner response object; async jobs are polled to their result. */
  async call(command: string, params: Record<string, string> = {}): Promise<any> {
    const res = await this.ctx.post("/client/api", {
      form: { command, response: "json", sessionkey: this.sessionkey, ...params },
    });
    const body = await res.json();
    const inner = Object.values(body)[0] as any;
    expect(res.status(), `${command}: ${JSON.stringify(inner)}`).toBe(200);
    if (inner.jobid && !inner.jobstatus) return this.waitForJob(inner.jobid);
    return inner;
  }

  async waitForJob(jobid: string): Promise<any> {
    for (let i = 0; i < 200; i++) {
      const job = await this.call("queryAsyncJobResult", { jobid });
      if (job.jobstatus === 1) return job.jobresult;
      if (job.jobstatus === 2) throw new Error(`job ${jobid} failed: ${JSON.stringify(job.jobresult)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`job ${jobid} did not finish`);
  }
}

/** Java URLEncoder plus `+` -> `%20`: what CloudStack signs (cloudstack-api.md §1.2). */
export function javaEncode(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(c)) out += c;
    else if (byte === 0x20) out += "%20";
    else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** A signed query string for `params` with the given secret key. */
export function signedQuery(params: Record<string, string>, secret: string): string {
  const names = Object.keys(params).sort();
  const canonical = names
    .map((n) => `${n}=${javaEncode(params[n])}`)
    .join("&")
    .toLowerCase();
  const signature = createHmac("sha1", secret).update(canonical).digest("base64");
  const query = Object.entries(params)
    .map(([n, v]) => `${n}=${javaEncode(v)}`)
    .join("&");
  return `${query}&signature=${javaEncode(signature)}`;
}

/** Logs in through the form and waits until the console has moved on from it. */
export async function uiLogin(page: Page, username = "admin", password = "password"): Promise<void> {
  await page.goto("/login");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("current-user")).toHaveText(username);
  // The console then moves on to the wizard or the dashboard; wait for that before clicking anything.
  await expect(page).toHaveURL(/\/(install|dashboard)$/);
}

/** Collects console errors and failed non-API requests so a test can assert there were none. */
export function watchForErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().includes("Failed to load resource")) problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("response", (res) => {
    if (res.status() >= 400 && !res.url().includes("/client/api")) {
      problems.push(`HTTP ${res.status()} for ${res.url()}`);
    }
  });
  return problems;
}

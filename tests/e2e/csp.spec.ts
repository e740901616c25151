// The dashboard under its Content-Security-Policy, in a real Chromium: the main pages load,
// hydrate and draw their charts, the CSV and PNG exports still download, and not one
// `securitypolicyviolation` event or CSP console error occurs on the way. Runs after
// overview.spec.ts, whose hour of nginx traffic gives the charts something to draw.
import { readFileSync } from "node:fs";
import { test, expect, type Page, type Response } from "@playwright/test";
import { signIn } from "./support/session";

interface Violation {
  page: string;
  directive: string;
  blocked: string;
  sample: string;
}

/** Records every CSP violation and CSP console message of `page`, across navigations. */
async function watchPolicy(page: Page): Promise<{ violations: Violation[]; consoleErrors: string[]; pageErrors: string[] }> {
  const violations: Violation[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  await page.exposeFunction("__owReportViolation", (v: Violation) => violations.push(v));
  // Init scripts come from the browser's debugger, not the page: the policy does not apply to them.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __owReportViolation: (v: unknown) => void }).__owReportViolation;
      report({ page: location.pathname + location.search, directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
    });
  });
  page.on("console", (m) => {
    if (/content security policy|refused to (load|execute|apply|connect|frame)/i.test(m.text())) consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  return { violations, consoleErrors, pageErrors };
}

/** The page's policy: present, with a nonce, without 'unsafe-eval'; the other headers too. */
function expectPageHeaders(response: Response | null, path: string) {
  expect(response, path).not.toBeNull();
  const h = response!.headers();
  const csp = h["content-security-policy"] ?? "";
  expect(csp, path).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(csp, path).not.toContain("unsafe-eval");
  expect(csp, path).toContain("frame-ancestors 'none'");
  expect(h["x-frame-options"], path).toBe("DENY");
  expect(h["x-content-type-options"], path).toBe("nosniff");
  expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"], path).toContain("camera=()");
}

test.describe.configure({ mode: "serial" });

test("signed out: sign-in page under the policy, no violations", async ({ page }) => {
  const seen = await watchPolicy(page);
  const r = await page.goto("/signin");
  expectPageHeaders(r, "/signin");
  // Hydrated: the form validates in the browser (a submit with nothing filled in says so).
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator('input[name="email"]')).toHaveAttribute("aria-invalid", "true");
  // Setup is closed; it must still redirect cleanly under the policy.
  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup$/);
  expect(seen.violations).toEqual([]);
  expect(seen.consoleErrors).toEqual([]);
  expect(seen.pageErrors).toEqual([]);
});

test("signed in: the main pages, their charts and exports, with no CSP violation", async ({ page }) => {
  const seen = await watchPolicy(page);
  await signIn(page);

  // The overview with data: every chart drawn.
  const overview = await page.goto("/?range=1h");
  expectPageHeaders(overview, "/");
  const errors = page.getByTestId("chart-errors");
  await expect(errors.locator("path.recharts-area-area").first()).toBeVisible();
  await expect(page.getByTestId("chart-traffic").locator("path.recharts-area-area").first()).toBeVisible();
  await expect(page.getByTestId("chart-latency").locator("path.recharts-line-curve").first()).toBeVisible();

  // Exports: CSV and PNG come through blob: links, the PNG through a data: image and a canvas.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("chart-traffic").getByRole("button", { name: "CSV" }).click()]);
  expect(readFileSync((await csv.path())!, "utf8").split("\r\n")[0]).toMatch(/^time,/);
  // What the PNG says about itself: every text drawn on its canvas is recorded on the way.
  await page.evaluate(() => {
    const drawn: string[] = [];
    (window as unknown as { __drawn: string[] }).__drawn = drawn;
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text: string, x: number, y: number, maxWidth?: number) {
      drawn.push(text);
      return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
    };
  });
  const [png] = await Promise.all([page.waitForEvent("download"), errors.getByRole("button", { name: "PNG" }).click()]);
  expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe("PNG");
  const drawn = await page.evaluate(() => (window as unknown as { __drawn: string[] }).__drawn);
  // The title, then the range in words with the time zone its times are drawn in, then the filters.
  expect(drawn[0]).toMatch(/over time/);
  expect(drawn.find((t) => t.startsWith("Range: "))).toMatch(/\(last hour\) · times in \S+/);
  expect(drawn).toContain("Filters: none (every source and backend)");

  // The theme switch writes to the page (the inline theme script reads it on the next load).
  await page.getByRole("button", { name: /^Switch to (dark|light) theme$/ }).click();
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.reload();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);

  // Backends, then a backend's page by a client-side navigation, its traffic charted.
  expectPageHeaders(await page.goto("/backends"), "/backends");
  await page.getByTestId("backends-table").getByRole("link", { name: "api", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "api" })).toBeVisible();
  await expect(page.getByTestId("backend-traffic").locator("svg.recharts-surface path").first()).toBeVisible();
  expectPageHeaders(await page.reload(), "a backend's page");
  await expect(page.getByTestId("backend-traffic").locator("svg.recharts-surface path").first()).toBeVisible();

  // The rest of the dashboard and the settings.
  for (const [path, ready] of [
    ["/events", page.getByTestId("event-row").first()],
    ["/samples", page.locator("main h1").first()],
    ["/backends/import", page.locator("main h1").first()],
    ["/settings/sources", page.locator("main h1").first()],
    ["/settings/tokens", page.locator("main h1").first()],
    ["/settings/users", page.locator("main h1").first()],
    ["/account", page.locator("main h1").first()],
    ["/no-such-page", page.getByText(/not found|could not be found/i).first()],
  ] as const) {
    const r = await page.goto(path);
    expectPageHeaders(r, path);
    await expect(ready, path).toBeVisible();
  }
  // A source's page, reached from the list.
  await page.goto("/settings/sources");
  await page.getByRole("link", { name: "overview-nginx" }).first().click();
  await expect(page).toHaveURL(/\/settings\/sources\/[^/]+$/);
  await expect(page.locator("main h1").first()).toBeVisible();

  // Let late chunks and effects run before counting.
  await page.waitForTimeout(500);
  expect(seen.violations).toEqual([]);
  expect(seen.consoleErrors).toEqual([]);
  expect(seen.pageErrors).toEqual([]);
});

test("an API answer carries the static headers: nosniff, no framing, a policy that allows nothing", async ({ page }) => {
  await signIn(page);
  const r = await page.request.get("/api/v1/me");
  expect(r.status()).toBe(200);
  const h = r.headers();
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["content-security-policy"]).toContain("default-src 'none'");
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
});

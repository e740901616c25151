// The overview, in a real browser: an hour of nginx lines with failures of several causes, then
// the charts, the backends table, the range and filters kept in the URL (a copied link reopens the
// same view), drag-to-zoom, downloads and the theme. Runs after foundation.spec.ts (the owner) and
// sources.spec.ts (which needs an empty workspace first): see the projects in playwright.config.ts.
import { readFileSync } from "node:fs";
import { test, expect } from "@playwright/test";
import { signIn, sameOrigin } from "./support/session";


// The README's nginx evidence format: $proxy_host names the backend, the upstream variables say why.
const NGINX_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
  "$proxy_host $upstream_addr $upstream_status $upstream_connect_time $upstream_header_time $upstream_response_time $request_time";


/** nginx's $time_local: [21/Nov/2026:01:00:00 +0000] */
function timeLocal(ms: number): string {
  const d = new Date(ms);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `[${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000]`;
}

/** One line every 10 s for each backend over the last hour; the i-th line decides the outcome. */
function nginxLines(now: number): string[] {
  const lines: string[] = [];
  for (let t = now - 60 * 60_000; t < now - 30_000; t += 10_000) {
    const i = Math.floor(t / 10_000);
    const head = (path: string) => `10.1.0.${i % 250} - - ${timeLocal(t)} "GET ${path} HTTP/1.1"`;
    const ua = `"-" "Mozilla/5.0 (e2e)"`;
    // api: slow, some upstream timeouts (504, connected but no header) and refused connections (502, never connected).
    if (i % 9 === 0) lines.push(`${head("/api/orders")} 504 167 ${ua} api 10.0.2.7:9000 504 0.001 - 5.001 5.003`);
    else if (i % 13 === 0) lines.push(`${head("/api/orders")} 502 157 ${ua} api 10.0.2.7:9000 502 - - 0.000 0.001`);
    else lines.push(`${head("/api/orders")} 200 812 ${ua} api 10.0.2.7:9000 200 0.001 0.180 0.182 0.183`);
    // shop: the origin's own 503 (header parsed), nginx's limit_req 503 (no upstream), and 200s.
    if (i % 11 === 0) lines.push(`${head("/cart")} 503 230 ${ua} shop 10.0.1.5:8080 503 0.001 0.020 0.021 0.021`);
    else if (i % 17 === 0) lines.push(`${head("/cart")} 503 197 ${ua} shop - - - - - 0.000`);
    else lines.push(`${head("/")} 200 5120 ${ua} shop 10.0.1.5:8080 200 0.001 0.040 0.042 0.043`);
  }
  return lines;
}

test.describe.configure({ mode: "serial" });

test("the overview charts an hour of traffic, keeps its view in the URL, zooms, exports and follows the theme", async ({ page }, testInfo) => {
  await signIn(page);

  // A source for this test's nginx, its lines for the last hour, and a deploy to mark.
  const created = await page.request.post("/api/v1/sources", { headers: sameOrigin(page), data: { name: "overview-nginx", kind: "nginx", format: NGINX_FORMAT } });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const now = Date.now();
  const lines = nginxLines(now);
  const ingest = await page.request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
    data: lines.join("\n") + "\n",
  });
  expect(ingest.status()).toBe(202);
  expect(await ingest.json()).toMatchObject({ accepted: lines.length, rejected: 0 });
  const event = await page.request.post("/api/v1/events", { headers: sameOrigin(page), data: { type: "deploy", title: "shop v1.2.3", at: now - 30 * 60_000, backend: "shop" } });
  expect(event.status()).toBe(201);

  // The last hour: headline, causes, every chart drawn, the deploy marked, both backends listed.
  await page.goto("/?range=1h");
  const overview = page.getByTestId("overview");
  await expect(overview).toBeVisible();
  await expect(page.getByTestId("overview-empty")).toHaveCount(0);
  await expect(page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "1h", exact: true })).toHaveAttribute("aria-pressed", "true");
  const errors = page.getByTestId("chart-errors");
  await expect(errors.locator("path.recharts-area-area").first()).toBeVisible();
  await expect(page.getByTestId("chart-traffic").locator("path.recharts-area-area").first()).toBeVisible();
  await expect(page.getByTestId("chart-latency").locator("path.recharts-line-curve").first()).toBeVisible();
  await expect(errors.locator('[data-event="deploy"]')).toHaveCount(1);
  await expect(page.getByTestId("events-list")).toContainText("shop v1.2.3");
  const causes = page.getByTestId("cause-breakdown");
  for (const cause of ["backend_timeout", "connect_refused", "backend_error", "proxy_overload"]) await expect(causes).toContainText(cause);
  await expect(errors.getByRole("button", { name: "backend_timeout" })).toBeVisible(); // a legend entry
  const table = page.getByTestId("health-table");
  await expect(table.locator('tr[data-backend="api"]')).toContainText("backend_timeout");
  await expect(table.locator('tr[data-backend="shop"]')).toBeVisible();
  await expect(page.getByTestId("stat-error-rate-value")).toHaveText(/^\d+(\.\d+)?%$/);

  // A wider range: the URL says so, and the data behind the page is another range.
  const fromBefore = await overview.getAttribute("data-from");
  await page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "24h", exact: true }).click();
  await expect(page).toHaveURL(/[?&]range=24h/);
  await expect(overview).not.toHaveAttribute("data-from", fromBefore!);
  await expect(errors).toContainText("buckets of 10 min");
  await expect(page.getByTestId("stat-rpm")).toContainText("the last 24 h");

  // Filters too: one backend.
  await page.getByLabel("Backend", { exact: true }).selectOption("api");
  await expect(page).toHaveURL(/[?&]backend=api/);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("chart-latency")).toContainText("p50, p95 and p99 response time of api");

  // The copied URL, opened anew, is the same view.
  const copied = page.url();
  const again = await page.context().newPage();
  await again.goto(copied);
  await expect(again.getByRole("group", { name: "Time range" }).getByRole("button", { name: "24h", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(again.getByLabel("Backend", { exact: true })).toHaveValue("api");
  await expect(again.getByTestId("health-table").locator("tbody tr")).toHaveCount(1);
  await expect(again.getByTestId("chart-errors")).toContainText("buckets of 10 min");
  await again.close();

  // Drag across the 5xx chart: a custom range in the URL; Back returns to the previous view.
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/backend=/);
  await page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "1h", exact: true }).click();
  await expect(page).toHaveURL(/[?&]range=1h/);
  const surface = errors.locator("svg.recharts-surface");
  await expect(errors.locator("path.recharts-area-area").first()).toBeVisible();
  const box = (await surface.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.5, { steps: 6 });
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 6 });
  await page.mouse.up();
  await expect(page).toHaveURL(/[?&]from=[^&]+&to=/);
  await expect(page.getByRole("group", { name: "Time range" }).getByRole("button", { name: /^Custom/ })).toHaveAttribute("aria-pressed", "true");
  await page.goBack();
  await expect(page).toHaveURL(/[?&]range=1h/);

  // Downloads: the traffic data as CSV, the 5xx chart as a PNG.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("chart-traffic").getByRole("button", { name: "CSV" }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^origin-watch_requests_by_status_class_.*\.csv$/);
  const csvText = readFileSync((await csv.path())!, "utf8");
  expect(csvText.split("\r\n")[0]).toMatch(/^time,2xx \(requests per 1 min\)/);
  const [png] = await Promise.all([page.waitForEvent("download"), errors.getByRole("button", { name: "PNG" }).click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe("PNG");

  // The theme switch recolours the charts (their colours are the theme's CSS variables).
  const tick = errors.locator(".recharts-cartesian-axis-tick-value").first();
  const fillOf = () => tick.evaluate((el) => getComputedStyle(el).fill);
  const themeBefore = await page.evaluate(() => document.documentElement.dataset.theme);
  const fillBefore = await fillOf();
  await page.getByRole("button", { name: /^Switch to (dark|light) theme$/ }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).not.toBe(themeBefore);
  await expect.poll(fillOf).not.toBe(fillBefore);

  await page.evaluate(() => window.scrollTo(0, 0));
  const shot = testInfo.outputPath("overview.png");
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("overview", { path: shot, contentType: "image/png" });
});

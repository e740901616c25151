// Issue 14's chart and layout checks, on the demo day, in a real browser at 1440×900 and 1280×720:
// the latency chart does not show the backend whose connections are refused getting faster (the
// series it is drawn from, and the marks on it); the first screen holds the 5xx chart; the demo
// banner is one line; the samples table keeps its Copy button on screen; the events table's
// buttons sit side by side. It starts its own server on a fresh database (the demo needs an empty one).
import { test, expect, type Page } from "@playwright/test";
import { startServer, type RunningServer } from "../helpers/server";

let server: RunningServer;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(600_000);
  server = await startServer();
  const r = await fetch(`${server.baseUrl}/api/v1/demo`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: "{}",
  });
  expect(r.status, await r.text()).toBe(201);
});
test.afterAll(async () => {
  await server?.stop();
});

/** Signs in through the form; the demo day's first overview can take a while to render on a busy machine. */
async function signIn(page: Page): Promise<void> {
  await page.goto(`${server.baseUrl}/signin`);
  await page.locator('input[name="email"]').fill(server.owner.email);
  await page.locator('input[name="password"]').fill(server.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/, { timeout: 90_000 });
}

type SeriesAnswer = { series: Array<{ key: string; points: Array<[number, number | null]>; failureDominated?: number[] }> };

async function api<T>(path: string): Promise<T> {
  const r = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${server.token}` } });
  expect(r.status, `${path}: ${await r.clone().text()}`).toBe(200);
  return (await r.json()) as T;
}

test("during the refused-connection outage, search's latency does not get faster; its buckets are marked", async ({ page }) => {
  const now = Date.now();
  const from = now - 6 * 3_600_000;
  const answer = await api<SeriesAnswer>(`/api/v1/series?from=${from}&to=${now}&step=1m&metric=latency_p95&groupBy=backend`);
  const search = answer.series.find((s) => s.key === "search");
  expect(search, JSON.stringify(answer.series.map((s) => s.key))).toBeTruthy();
  const marked = search!.failureDominated ?? [];
  expect(marked.length, "the outage's minutes are marked").toBeGreaterThanOrEqual(8);
  const outageFrom = Math.min(...marked);
  const outageTo = Math.max(...marked) + 60_000;
  const before = search!.points.filter(([t, v]) => t >= outageFrom - 3_600_000 && t < outageFrom && v !== null).map(([, v]) => v!);
  expect(before.length).toBeGreaterThan(30);
  const usual = [...before].sort((a, b) => a - b)[Math.floor(before.length / 2)]!;
  const during = search!.points.filter(([t]) => t >= outageFrom && t < outageTo).map(([, v]) => v);
  for (const v of during) expect(v === null || v >= usual * 0.5, `p95 during the outage (${during.join(", ")}) vs usual ${usual} ms`).toBe(true);
  // The other backends' lines carry no such marks for that stretch.
  const api_ = answer.series.find((s) => s.key === "api");
  expect((api_?.failureDominated ?? []).filter((t) => t >= outageFrom && t < outageTo)).toEqual([]);

  // The chart drawn from it: the outage shaded on the latency chart of the overview around it.
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page);
  await page.goto(`${server.baseUrl}/?from=${outageFrom - 3_600_000}&to=${outageTo + 1_800_000}`);
  const latency = page.getByTestId("chart-latency");
  await latency.scrollIntoViewIfNeeded();
  await expect(latency.locator(".recharts-line-curve").first()).toBeVisible({ timeout: 30_000 });
  await expect(latency.locator(".chart-mark").first()).toBeAttached();
  // Every timeout line is labelled with its backend.
  const labels = await latency.locator(".recharts-reference-line .recharts-label").allTextContents();
  for (const l of labels) expect(l).toMatch(/timeout/);
});

for (const size of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
]) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test("the first screen holds the 5xx chart, under a one-line demo banner", async ({ page }) => {
      await signIn(page);
      const errors = page.getByTestId("chart-errors");
      const plot = errors.locator("svg.recharts-surface").first();
      await expect(plot).toBeVisible({ timeout: 30_000 });
      const box = (await plot.boundingBox())!;
      expect(box.y + box.height, `the 5xx plot ends at ${Math.round(box.y + box.height)} px`).toBeLessThanOrEqual(size.height);
      const banner = (await page.getByTestId("demo-banner").boundingBox())!;
      expect(banner.height, "the demo banner is one line").toBeLessThan(48);
      await page.screenshot({ path: test.info().outputPath(`first-screen-${size.width}.png`) });
    });

    test("the samples table keeps its Copy button on screen; the events table's buttons do not stack", async ({ page }) => {
      await signIn(page);
      await page.goto(`${server.baseUrl}/samples?range=24h`);
      const row = page.getByTestId("sample-row").first();
      await expect(row).toBeVisible({ timeout: 30_000 });
      const copy = row.getByRole("button", { name: "Copy" });
      await expect(copy).toBeInViewport({ ratio: 1 });
      const table = page.getByTestId("samples-table");
      const wrap = await table.evaluate((t) => ({ table: t.scrollWidth, wrapper: t.parentElement!.clientWidth }));
      expect(wrap.table, "the table fits its frame: no column past the right edge").toBeLessThanOrEqual(wrap.wrapper + 1);

      await page.goto(`${server.baseUrl}/events`);
      const first = page.getByTestId("events-table").locator("tbody tr").first();
      await expect(first).toBeVisible();
      const buttons = first.locator("td").last().locator("a, button");
      const count = await buttons.count();
      expect(count).toBeGreaterThan(0);
      const tops = new Set<number>();
      for (let i = 0; i < count; i++) tops.add(Math.round((await buttons.nth(i).boundingBox())!.y));
      expect(tops.size, "the row's buttons sit on one line").toBe(1);
    });
  });
}


// A CDN source, in a real browser: Settings → Sources → "Add a CDN" (Cloudflare) gives a token and
// the Logpush destination string; a pushed batch of Logpush records shows its 521/522/524 as their
// causes on the overview, and the Cache chart draws the hit ratio.
// Runs last (see the "cdn" project in playwright.config.ts): it adds a source and traffic.
import { gzipSync } from "node:zlib";
import { test, expect } from "@playwright/test";
import { OWNER, signIn } from "./support/session";

// Run alone (`--project=cdn --no-deps`, on a fresh database) there is no owner yet: make the one
// foundation.spec.ts would have made. After the other projects, setup is closed and this is a no-op.
test.beforeAll(async ({ request }) => {
  const setup = await request.post("/api/v1/setup", { data: OWNER });
  expect([201, 403, 409]).toContain(setup.status());
});

test("an owner adds a Cloudflare source, pushes Logpush records and sees 521/522/524 as causes and the hit ratio", async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await page.getByRole("link", { name: "Sources" }).click();
  await expect(page).toHaveURL(/\/settings\/sources$/);

  const form = page.getByTestId("add-cdn");
  await form.locator('select[name="cdn"]').selectOption("cloudflare");
  await form.locator('input[name="cdnName"]').fill("cf-e2e");
  await form.getByRole("button", { name: "Add CDN source" }).click();

  const box = page.getByTestId("new-source-token");
  await expect(box).toBeVisible();
  const token = await box.getByLabel("Ingest token of cf-e2e").inputValue();
  expect(token).toMatch(/^ow_src_/);
  const origin = new URL(page.url()).origin;
  await expect(box.getByTestId("cdn-steps")).toContainText(`${origin}/api/v1/ingest?header_Authorization=Bearer%20${token}`);

  // What Logpush sends: gzip NDJSON, unixnano timestamps, over the last minutes.
  const now = Date.now();
  const record = (ago: number, status: number, origin: number, cache: string) =>
    JSON.stringify({ EdgeStartTimestamp: (now - ago) * 1e6, EdgeResponseStatus: status, OriginResponseStatus: origin, CacheCacheStatus: cache, ClientRequestHost: "cf-e2e.example", ClientRequestURI: "/", ClientRequestMethod: "GET", ClientIP: "192.0.2.5" });
  const lines = [record(120_000, 521, 0, "miss"), record(110_000, 522, 0, "miss"), record(100_000, 524, 0, "miss")];
  for (let i = 0; i < 30; i++) lines.push(record(180_000 - i * 1000, 200, i % 3 ? 0 : 200, i % 3 ? "hit" : "miss"));
  const pushed = await page.request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson", "content-encoding": "gzip" },
    data: gzipSync(lines.join("\n")),
  });
  expect(pushed.status()).toBe(202);
  expect(await pushed.json()).toEqual({ accepted: 33, rejected: 0, errors: [] });

  const sources = (await (await page.request.get("/api/v1/sources")).json()) as { sources: { id: string; name: string }[] };
  const id = sources.sources.find((s) => s.name === "cf-e2e")!.id;
  await page.goto(`/?range=1h&source=${encodeURIComponent(id)}`);
  const causes = page.getByTestId("cause-breakdown");
  for (const cause of ["connect_refused", "connect_timeout", "backend_timeout"]) await expect(causes.getByText(cause, { exact: true })).toBeVisible();
  const chart = page.getByTestId("hit-ratio-chart");
  await chart.scrollIntoViewIfNeeded();
  await expect(chart.locator("svg path.recharts-curve, svg .recharts-line path").first()).toBeAttached();
});

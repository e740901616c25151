// Settings → Advisor and a backend page's database probe, in a real Chromium under the CSP: the
// advisor lists what GET /api/v1/advisor finds (or says there is nothing to change), and a postgres
// probe against the local PostgreSQL draws its numbers (lock waits, long queries, connections vs
// max_connections) under its check times, with no policy violation on the way. Runs after the
// overview's spec, whose traffic the advisor holds the imported settings against.
import { test, expect } from "@playwright/test";
import { sameOrigin, signIn } from "./support/session";

const PG_URL = process.env.E2E_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

test("Settings → Advisor lists the findings the API answers", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "Advisor", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Advisor" })).toBeVisible();
  await expect(page.getByText(/held against what each imported backend did over the last 7 days/)).toBeVisible();
  const api = await page.request.get("/api/v1/advisor");
  expect(api.status()).toBe(200);
  const { findings } = (await api.json()) as { findings: unknown[] };
  if (findings.length === 0) await expect(page.getByText(/Nothing to change/)).toBeVisible();
  else await expect(page.getByTestId("advisor-findings").locator(":scope > li")).toHaveCount(findings.length);
});

test("a backend's postgres probe charts its numbers next to its check times, under the CSP", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/content security policy|refused to (load|execute|apply)/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(e.message));
  await signIn(page);
  const backend = await page.request.post("/api/v1/backends", { headers: sameOrigin(page), data: { name: "e2e_orders" } });
  expect(backend.status(), await backend.text()).toBe(201);
  const { id } = (await backend.json()) as { id: string };
  const probe = await page.request.post(`/api/v1/backends/${id}/probes`, {
    headers: sameOrigin(page),
    data: { kind: "postgres", config: { url: PG_URL, longQuerySeconds: 10 }, intervalMs: 5000 },
  });
  expect(probe.status(), await probe.text()).toBe(201);

  await page.goto(`/backends/${id}`);
  await expect(page.getByRole("heading", { level: 1, name: "e2e_orders" })).toBeVisible();
  const charts = page.getByTestId("service-charts");
  await expect(charts).toBeVisible({ timeout: 30_000 }); // after the first check and the 10 s refresh
  await expect(charts.getByTestId("chart-postgres-waits")).toContainText("Lock waits and long queries");
  const connections = charts.getByTestId("chart-postgres-connections");
  await expect(connections).toContainText("max_connections");
  await expect(connections.locator("svg.recharts-surface")).toBeVisible();
  await expect(connections.getByText("No check in this range read these numbers.")).toHaveCount(0);
  await expect(page.getByTestId("service-readings")).toContainText("Lock waits");
  expect(violations).toEqual([]);
  // Leaves the shared workspace as it found it: later specs count its backends' data.
  expect((await page.request.delete(`/api/v1/backends/${id}`, { headers: sameOrigin(page) })).status()).toBe(204);
});

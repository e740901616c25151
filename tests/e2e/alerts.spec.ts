// Alerts, in a real browser: suggested rules accepted with a click on a backend's page, one of
// them going pending then firing as 5xx lines are ingested (through the API with the source's
// token, as a shipper would), and a silence opened and listed as active.
// Runs after foundation.spec.ts (the owner): see the "alerts" project in playwright.config.ts.
import { test, expect } from "@playwright/test";
import { sameOrigin, signIn } from "./support/session";

const NGINX_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
  "$proxy_host $upstream_addr $upstream_status $upstream_connect_time $upstream_header_time $upstream_response_time $request_time";
const BACKEND = "alerts-web";

function timeLocal(ms: number): string {
  const d = new Date(ms);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `[${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000]`;
}

const line = (at: number, status: number) =>
  `10.2.0.1 - - ${timeLocal(at)} "GET /checkout HTTP/1.1" ${status} 512 "-" "Mozilla/5.0 (e2e)" ${BACKEND} 10.0.9.5:8080 ${status} 0.001 0.030 0.031 0.032`;

/** A datetime-local value (the browser's zone, which is this machine's). */
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

test.describe.configure({ mode: "serial" });

test("suggested rules are accepted on a backend's page, and the 5xx one goes pending, then firing, as lines arrive", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  const created = await page.request.post("/api/v1/sources", { headers: sameOrigin(page), data: { name: "alerts-nginx", kind: "nginx", format: NGINX_FORMAT } });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const backend = await page.request.post("/api/v1/backends", { headers: sameOrigin(page), data: { name: BACKEND, address: "10.0.9.5:8080", timeouts: { firstByteMs: 5000 } } });
  expect(backend.status()).toBe(201);
  const { id } = (await backend.json()) as { id: string };
  const ingest = async (lines: string[]) => {
    const res = await page.request.post("/api/v1/ingest", { headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" }, data: lines.join("\n") + "\n" });
    expect(res.status()).toBe(202);
    expect(await res.json()).toMatchObject({ accepted: lines.length, rejected: 0 });
  };
  // Healthy traffic first: the backend is now seen in traffic.
  await ingest(Array.from({ length: 30 }, (_, i) => line(Date.now() - 20_000 + i * 100, 200)));

  await page.goto(`/backends/${id}`);
  const suggestions = page.getByTestId("rule-suggestions");
  await expect(suggestions).toContainText(`5xx over 1% on ${BACKEND}`);
  await expect(suggestions).toContainText(`p95 near the first-byte timeout on ${BACKEND}`);
  await suggestions.getByRole("button", { name: `Add rule 5xx over 1% on ${BACKEND}` }).click();
  await expect(suggestions.getByRole("button", { name: `Add rule 5xx over 1% on ${BACKEND}` })).toHaveCount(0);
  await suggestions.getByRole("button", { name: `Add rule p95 near the first-byte timeout on ${BACKEND}` }).click();
  await expect(page.getByTestId("rule-suggestions")).toHaveCount(0);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rules" }).click();
  await expect(page).toHaveURL(/\/alerts\/rules$/);
  const row = page.locator(`[data-testid="rule-row"][data-rule="5xx over 1% on ${BACKEND}"]`);
  await expect(row).toBeVisible();
  await expect(page.locator(`[data-testid="rule-row"][data-rule="p95 near the first-byte timeout on ${BACKEND}"]`)).toBeVisible();

  // 10 of 40 requests answered 503: above 1 %, with enough requests to judge. The rule waits
  // `for: 1m`, so it is pending first and firing a minute later (the 10 s tick moves it on).
  await ingest(Array.from({ length: 10 }, (_, i) => line(Date.now() - 5_000 + i * 100, 503)));
  const instance = row.locator(`[data-testid="rule-instance"][data-instance="${BACKEND}"]`);
  await expect(instance).toHaveAttribute("data-state", "pending", { timeout: 20_000 });
  await expect(instance).toContainText("25% vs 1%");
  await expect(instance).toHaveAttribute("data-state", "firing", { timeout: 120_000 });

  // The rule's page replays it over the stored rollups.
  await row.getByRole("link", { name: `5xx over 1% on ${BACKEND}` }).click();
  // Only complete minutes are replayed: the minute after the 5xx one must have ended to fire.
  const summary = page.getByTestId("backtest-summary");
  await expect(summary).toContainText("Over the last 24h this rule");
  await expect(async () => {
    await page.getByRole("button", { name: "Run backtest" }).click();
    await expect(summary).toContainText("would have fired 1 time", { timeout: 3_000 });
  }).toPass({ timeout: 120_000 });
  const chart = page.getByTestId("backtest-chart");
  await expect(chart.locator(".recharts-reference-line"), "the threshold line").toHaveCount(1);
  await expect(chart.locator(".recharts-reference-area"), "the firing minute is shaded").toHaveCount(1);
});

test("a one-off silence is opened and listed as active", async ({ page }) => {
  await signIn(page);
  await page.goto("/alerts/silences");
  await expect(page.getByRole("heading", { level: 1, name: "Silences" })).toBeVisible();
  await page.getByLabel("Ends", { exact: true }).fill(localInput(Date.now() + 60 * 60_000));
  await page.getByLabel(/^Backends/).fill(BACKEND);
  await page.getByLabel("Comment", { exact: true }).fill("e2e deploy 4.2");
  await page.getByRole("button", { name: "Open silence" }).click();
  const silence = page.locator('[data-testid="silence-row"]', { hasText: "e2e deploy 4.2" });
  await expect(silence).toHaveAttribute("data-state", "active");
  await expect(silence).toContainText(`backends: ${BACKEND}`);
});

test("a viewer sees rules, a rule's backtest and silences, with no control that changes them", async ({ page }) => {
  const viewer = { email: "alerts-viewer@example.com", password: "alerts-viewer-password" };
  await signIn(page);
  expect((await page.request.post("/api/v1/users", { headers: sameOrigin(page), data: { ...viewer, role: "viewer" } })).status()).toBe(201);
  await page.context().clearCookies();
  await signIn(page, viewer.email, viewer.password);
  await page.goto("/alerts/rules");
  const row = page.locator(`[data-testid="rule-row"][data-rule="5xx over 1% on ${BACKEND}"]`);
  await expect(row).toBeVisible();
  await expect(page.getByRole("link", { name: "New rule" })).toHaveCount(0);
  await row.getByRole("link", { name: `5xx over 1% on ${BACKEND}` }).click();
  await expect(page.getByTestId("backtest-summary")).toContainText("Over the last 24h this rule");
  await expect(page.getByRole("button", { name: "Save rule" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete rule…" })).toHaveCount(0);
  await page.goto("/alerts/silences");
  await expect(page.locator('[data-testid="silence-row"]', { hasText: "e2e deploy 4.2" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Open silence" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Delete silence/ })).toHaveCount(0);
});

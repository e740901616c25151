// One backend status, in a real browser at 1440×900 and 1280×720: a backend whose traffic is 30 %
// 5xx and that has no probe reads "failing" in the overview's headline and health table (not
// "sick 0 of N" in green), and a probe that has not reported for 3 intervals reads "stale" on the
// backends list and the backend page. Its own server on a fresh database, with the worker off so
// that no probe runs.
import { test, expect, type Page } from "@playwright/test";
import { sameOrigin } from "./support/session";
import { startServer, type RunningServer } from "../helpers/server";

let server: RunningServer;
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(360_000);
  server = await startServer({ env: { ORIGINWATCH_WORKER: "off" } });
});
test.afterAll(async () => {
  await server?.stop();
});

const FORMAT = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $proxy_host $upstream_status';
function timeLocal(ms: number): string {
  const d = new Date(ms);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `[${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000]`;
}

/** Signs in as the server's owner; a loaded machine can take longer than the default 10 s to hash. */
async function signIn(page: Page) {
  await page.goto(`${server.baseUrl}/signin`);
  await page.locator('input[name="email"]').fill(server.owner.email);
  await page.locator('input[name="password"]').fill(server.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/, { timeout: 60_000 });
}

let seeded = false;
async function seed(page: Page) {
  if (seeded) return;
  const api = (path: string, data: unknown) => page.request.post(`${server.baseUrl}${path}`, { headers: sameOrigin(page), data });
  const created = await api("/api/v1/sources", { name: "status-nginx", kind: "nginx", format: FORMAT });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  // The last 3 minutes: checkout answers 30 % 5xx (the origin's own 503), catalog all 200.
  const now = Date.now();
  const lines: string[] = [];
  for (let i = 0; i < 100; i++) {
    const at = now - 180_000 + i * 1500;
    const status = i % 10 < 3 ? 503 : 200;
    lines.push(`10.0.0.${i % 200} - - ${timeLocal(at)} "GET /pay HTTP/1.1" ${status} 120 "-" "e2e" checkout ${status}`);
    lines.push(`10.0.0.${i % 200} - - ${timeLocal(at)} "GET /list HTTP/1.1" 200 900 "-" "e2e" catalog 200`);
  }
  const ingest = await page.request.post(`${server.baseUrl}/api/v1/ingest`, { headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" }, data: lines.join("\n") + "\n" });
  expect(ingest.status()).toBe(202);
  // legacy: a probe every second that never runs (the worker is off): stale after 3 s.
  const backend = await api("/api/v1/backends", { name: "legacy", address: "10.0.9.9:80" });
  expect(backend.status()).toBe(201);
  const { id } = (await backend.json()) as { id: string };
  const probe = await api(`/api/v1/backends/${id}/probes`, { kind: "tcp", config: { host: "10.0.9.9", port: 80 }, intervalMs: 1000, timeoutMs: 500 });
  expect(probe.status()).toBe(201);
  await page.waitForTimeout(3_500);
  seeded = true;
}

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
]) {
  test(`${viewport.width}×${viewport.height}: 30 % 5xx with no probe is failing; a silent probe is stale`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(viewport);
    await signIn(page);
    await seed(page);
    await page.goto(`${server.baseUrl}/`);

    const card = page.getByTestId("stat-backends");
    await expect(card).toContainText("Backends failing or sick");
    await expect(page.getByTestId("stat-backends-value")).toHaveText("1 of 3");
    await expect(card).toContainText("checkout failing");
    await expect(card).toContainText("1 stale");
    await expect(card).toBeInViewport();

    const table = page.getByTestId("health-table");
    const checkout = table.locator('tr[data-backend="checkout"]');
    await expect(checkout).toHaveAttribute("data-status", "failing");
    await expect(checkout.locator("[data-status]")).toHaveText(/Failing/);
    await expect(checkout.locator("[data-status]")).toHaveAttribute("title", /30 % 5xx of 100 requests in the last 5 minutes/);
    await expect(table.locator('tr[data-backend="catalog"]')).toHaveAttribute("data-status", "healthy");
    await expect(table.locator('tr[data-backend="legacy"]')).toHaveAttribute("data-status", "stale");
    // Worst first: the failing backend leads the table.
    await expect(table.locator("tbody tr").first()).toHaveAttribute("data-backend", "checkout");

    await page.goto(`${server.baseUrl}/backends`);
    const list = page.getByTestId("backends-table");
    await expect(list.locator('tr[data-backend="checkout"]')).toHaveAttribute("data-status", "failing");
    await expect(list.locator('tr[data-backend="checkout"]')).toContainText("30 (30 %)");
    await expect(list.locator('tr[data-backend="legacy"]')).toHaveAttribute("data-status", "stale");

    await list.getByRole("link", { name: "legacy", exact: true }).click();
    await expect(page.getByTestId("backend-health")).toContainText("Stale");
    await expect(page.getByTestId("status-reason")).toContainText("not reported for 3 intervals (no result since it was created)");
    await expect(page.getByTestId("probe-stale")).toBeVisible();
  });
}

// Incidents in a real browser: nginx lines replayed through the ingest API make a rule fire; the
// incident shows on the overview's strip, in the navigation count and the list; an editor
// acknowledges it, ticks two steps, comments, resolves it and downloads the postmortem draft.
// Runs after overview.spec.ts (the owner exists); uses its own backend, "checkout".
import { readFileSync } from "node:fs";
import { test, expect } from "@playwright/test";
import { OWNER, signIn, sameOrigin } from "./support/session";

const NGINX_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
  "$proxy_host $upstream_addr $upstream_status $upstream_connect_time $upstream_header_time $upstream_response_time $request_time";

function timeLocal(ms: number): string {
  const d = new Date(ms);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `[${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000]`;
}

/** A first-byte-timeout storm on "checkout" over the last two minutes (nginx gives up at 5 s). */
function stormLines(now: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 60; i++) {
    const t = now - 110_000 + i * 1_500;
    const head = `10.2.0.${i % 250} - - ${timeLocal(t)} "GET /checkout HTTP/1.1"`;
    lines.push(i % 4 === 0 ? `${head} 200 900 "-" "e2e" checkout 10.0.3.9:8080 200 0.001 0.300 0.301 0.302` : `${head} 504 167 "-" "e2e" checkout 10.0.3.9:8080 504 0.001 - 5.001 5.003`);
  }
  return lines;
}

test.describe.configure({ mode: "serial" });

test("a storm opens an incident; acknowledge, tick two steps, comment, resolve and export it", async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const rule = await page.request.post("/api/v1/rules", {
    headers: sameOrigin(page),
    data: { name: "checkout 5xx (e2e)", kind: "error_rate", scope: { backend: "checkout" }, config: { status: "5xx", above: 20, window: "5m", minRequests: 10 }, for: "0s", keepFiringFor: "5m", severity: "critical", channels: [] },
  });
  expect(rule.status()).toBe(201);
  const created = await page.request.post("/api/v1/sources", { headers: sameOrigin(page), data: { name: "incidents-nginx", kind: "nginx", format: NGINX_FORMAT } });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const lines = stormLines(Date.now());
  const ingest = await page.request.post("/api/v1/ingest", { headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" }, data: lines.join("\n") + "\n" });
  expect(ingest.status()).toBe(202);

  // The evaluator runs right after the batch commits: the incident shows on the overview's strip.
  // The layout (nav count) and the page (strip) are read in one request but not at one instant: an
  // incident opening between the two reads shows on the strip first; the next load has both.
  await expect(async () => {
    await page.goto("/");
    await expect(page.getByTestId("open-incidents")).toContainText("checkout", { timeout: 1_000 });
    await expect(page.getByTestId("nav-count-incidents")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId("open-incidents")).toContainText("mostly backend_timeout");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Incidents/ }).click();
  await expect(page).toHaveURL(/\/incidents$/);
  await page.getByTestId("incident-list").getByRole("link", { name: /checkout/ }).click();
  await expect(page.getByTestId("incident-status")).toHaveText("open");
  await expect(page.getByTestId("checklists").locator("h3").first()).toHaveText("The origin answers too slowly");

  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByTestId("incident-status")).toHaveText("acknowledged");

  await page.getByLabel("Look for slow queries and locks in the database").check();
  await expect(page.getByTestId("timeline")).toContainText("Done: Look for slow queries and locks in the database");
  await page.getByLabel("Check whether the worker pool is saturated").check();
  await expect(page.getByTestId("timeline")).toContainText("Done: Check whether the worker pool is saturated");

  await page.getByPlaceholder("Add a comment to the timeline").fill("orders table locked by a migration (e2e)");
  await page.getByRole("button", { name: "Comment" }).click();
  await expect(page.getByTestId("timeline")).toContainText("orders table locked by a migration (e2e)");

  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByTestId("incident-status")).toHaveText("resolved");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download postmortem (Markdown)" }).click();
  const file = await (await download).path();
  const markdown = readFileSync(file, "utf8");
  expect(markdown).toMatch(/^# Postmortem: checkout/);
  expect(markdown).toContain("orders table locked by a migration (e2e)");
  expect(markdown).toContain(`Look for slow queries and locks in the database (The origin answers too slowly): by ${OWNER.name}`);
  expect(markdown).toMatch(/`backend_timeout`: \d+ \(100 % of 5xx\)/);
});

// Sources, in a real browser: a bad format is refused beside its field, a good one yields a token
// shown once with commands for this server, lines sent with it count or are rejected one by one,
// and the source's page shows the rejected line and why. Runs after foundation.spec.ts, which
// creates the owner; the viewer here is this file's own.
import { test, expect } from "@playwright/test";
import { OWNER, signIn, sameOrigin } from "./support/session";

const viewer = { email: "sources-viewer@example.com", password: "sources-viewer-password" };


/** varnishncsa's %t: [21/Nov/2026:01:00:00 +0000] */
function clfTime(d: Date): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `[${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000]`;
}

test.describe.configure({ mode: "serial" });

test("an editor adds a source: a bad specifier is named under the format, a good one gives a token whose bad lines show on the source's page", async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await page.getByRole("link", { name: "Sources" }).click();
  await expect(page).toHaveURL(/\/settings\/sources$/);
  await expect(page.getByTestId("sources-empty")).toBeVisible();

  // A specifier varnishncsa does not have: the server's message, beside the field it is about.
  await page.locator('input[name="name"]').fill("edge-varnish");
  await page.locator('select[name="kind"]').selectOption("varnish");
  const format = page.locator('textarea[name="format"]');
  await format.fill('%h %l %u %t "%r" %Q %s');
  await page.getByRole("button", { name: "Add source" }).click();
  await expect(page.getByText(/unknown specifier "%Q" at position \d+ in varnishncsa format/)).toBeVisible();
  await expect(format).toHaveAttribute("aria-invalid", "true");
  await expect(format).toBeFocused();
  await expect(page.getByTestId("new-source-token")).toHaveCount(0);

  // The README's evidence-carrying format, one click away.
  await page.getByRole("button", { name: "Use the recommended format" }).click();
  await expect(format).toHaveValue(/%\{VSL:FetchError\}x/);
  await page.locator('input[name="defaultBackend"]').fill("app-pool");
  await page.getByRole("button", { name: "Add source" }).click();

  const box = page.getByTestId("new-source-token");
  await expect(box).toBeVisible();
  const token = await box.getByLabel("Ingest token of edge-varnish").inputValue();
  expect(token).toMatch(/^ow_src_/);
  const origin = new URL(page.url()).origin;
  await expect(box).toContainText(`curl -fsSL ${origin}/api/v1/shipper.mjs -o /usr/local/bin/originwatch-shipper.mjs`);
  await expect(box).toContainText(`node /usr/local/bin/originwatch-shipper.mjs --url ${origin} --token ${token} --follow /var/log/varnish/varnishncsa.log`);
  await expect(box).toContainText("SupplementaryGroups=adm");
  await expect(box).toContainText(`curl -X POST ${origin}/api/v1/ingest -H "Authorization: Bearer ${token}"`);
  await expect(page.getByRole("row", { name: /edge-varnish/ })).toBeVisible();

  // Two lines the format reads, one it cannot: the batch counts, the bad line is kept with a reason.
  const t = clfTime(new Date());
  const good = [
    `10.0.0.1 - - ${t} "GET http://shop.example/ HTTP/1.1" 200 512 "-" "curl/8" 1200 c hit - "-"`,
    `10.0.0.2 - - ${t} "GET http://shop.example/cart HTTP/1.1" 503 0 "-" "curl/8" 5000 b - app(10.0.0.9,,8080) "backend app: fail errno 111 (Connection refused)"`,
  ];
  const bad = "this line was never written by varnishncsa";
  const res = await page.request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
    data: `${good[0]}\n${bad}\n${good[1]}\n`,
  });
  expect(res.status()).toBe(202);
  const answer = (await res.json()) as { accepted: number; rejected: number; errors: { line: number; reason: string }[] };
  expect(answer).toMatchObject({ accepted: 2, rejected: 1 });
  expect(answer.errors[0]!.line).toBe(2);

  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(box).toHaveCount(0);
  await page.getByRole("link", { name: "edge-varnish", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/sources\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "edge-varnish" })).toBeVisible();
  const rejected = page.getByTestId("parse-errors");
  const row = rejected.getByRole("row", { name: new RegExp(bad) });
  await expect(row).toBeVisible();
  await expect(row).toContainText(answer.errors[0]!.reason);
  await expect(row.getByRole("cell").nth(1)).toHaveText("2");
  await expect(rejected.getByRole("row")).toHaveCount(2); // the header and the one bad line
});

test("a viewer sees sources and their rejected lines but no way to change them", async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const added = await page.request.post("/api/v1/users", { headers: sameOrigin(page), data: { ...viewer, role: "viewer" } });
  expect(added.status()).toBe(201);
  await page.context().clearCookies();

  await signIn(page, viewer.email, viewer.password);
  await page.getByRole("link", { name: "Sources" }).click();
  await expect(page.getByRole("link", { name: "edge-varnish", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Add a source" })).toHaveCount(0);
  await page.getByRole("link", { name: "edge-varnish", exact: true }).click();
  await expect(page.getByTestId("parse-errors")).toContainText("this line was never written by varnishncsa");
  await expect(page.getByRole("button", { name: /Rotate token/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Delete source/ })).toHaveCount(0);
  expect((await page.request.post("/api/v1/sources", { headers: sameOrigin(page), data: { name: "sneaky", kind: "nginx" } })).status()).toBe(403);
});

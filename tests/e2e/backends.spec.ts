// Backends and probes, in a real browser: a VCL with a syntax error is refused with its line, a good
// one is previewed (both backends, a note for its include) and applied; the imported probe checks a
// real origin started here, the page turns healthy, then sick when the origin answers 500, and the
// history names the failure. A viewer sees backends but none of the controls that change them.
// Runs after foundation.spec.ts (the owner): see the "backends" project in playwright.config.ts.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { test, expect, type Page } from "@playwright/test";
import { OWNER, signIn as signInForm, sameOrigin } from "./support/session";

const viewer = { email: "backends-viewer@example.com", password: "backends-viewer-password" };


// The origin the probe checks: 200 on /health until it is told to fail.
let origin: Server;
let port = 0;
let failing = false;

test.beforeAll(async () => {
  origin = createServer((req, res) => {
    if (req.url !== "/health") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(failing ? 500 : 200, { "content-type": "text/plain" }).end(failing ? "down" : "ok");
  });
  await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
  port = (origin.address() as AddressInfo).port;
});

test.afterAll(async () => {
  origin.closeAllConnections();
  await new Promise((resolve) => origin.close(resolve));
});

const vcl = () => `vcl 4.1;
include "shared/devicedetect.vcl";

probe fast {
    .url = "/health";
    .interval = 1s;
    .timeout = 500ms;
    .window = 3;
    .threshold = 2;
}

backend e2e_web {
    .host = "127.0.0.1";
    .port = "${port}";
    .probe = fast;
    .connect_timeout = 1s;
    .first_byte_timeout = 5s;
}

backend e2e_static {
    .host = "127.0.0.1";
    .port = "${port}";
}
`;

async function signIn(page: Page, email: string, password: string) {
  await signInForm(page, email, password);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
}

test.describe.configure({ mode: "serial" });

test("an editor imports a VCL, and the imported probe follows the origin from healthy to sick", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, OWNER.email, OWNER.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Backends" }).click();
  await expect(page).toHaveURL(/\/backends$/);
  await page.getByRole("link", { name: "Import config" }).click();
  await expect(page).toHaveURL(/\/backends\/import$/);

  // A syntax error: named with its line and column, and nothing can be applied.
  await page.getByRole("radio", { name: /Varnish VCL/ }).check();
  const config = page.getByLabel("Varnish VCL config");
  await config.fill('vcl 4.1;\n\nbackend broken {\n    .host = ;\n}\n');
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  const notes = page.getByTestId("import-notes");
  await expect(notes.locator('li[data-level="error"]')).toContainText("line 4:13");
  await expect(notes.locator('li[data-level="error"]')).toContainText("syntax error");
  await expect(page.getByRole("button", { name: "Apply…" })).toBeDisabled();

  // The real config: both backends, their timeouts and probe, and the include that was not followed.
  await config.fill(vcl());
  await expect(page.getByRole("button", { name: "Apply…" })).toBeDisabled(); // the preview is of other text now
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  const planned = page.getByTestId("import-backends");
  await expect(planned.locator('tr[data-backend="e2e_web"]')).toContainText(`127.0.0.1:${port}`);
  await expect(planned.locator('tr[data-backend="e2e_web"]')).toContainText("healthy while ≥ 2 of 3");
  await expect(planned.locator('tr[data-backend="e2e_web"]')).toContainText("Create");
  await expect(planned.locator('tr[data-backend="e2e_static"]')).toContainText("No health check");
  await expect(notes.locator("li", { hasText: "shared/devicedetect.vcl" })).toContainText("line 2");
  await expect(notes.locator('li[data-level="error"]')).toHaveCount(0);

  await page.getByRole("button", { name: "Apply…" }).click();
  const dialog = page.getByRole("dialog", { name: "Apply this import?" });
  await expect(dialog).toContainText("2 backends to create");
  await dialog.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(page.getByTestId("import-result")).toContainText("2 backends created");
  await page.getByRole("link", { name: "Open the backends list" }).click();
  await expect(page).toHaveURL(/\/backends$/);
  const table = page.getByTestId("backends-table");
  await expect(table.locator('tr[data-backend="e2e_static"]')).toContainText("Imported");
  await expect(table.locator('tr[data-backend="e2e_static"]')).toContainText("No probe");
  await table.getByRole("link", { name: "e2e_web", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "e2e_web" })).toBeVisible();
  await expect(page.getByTestId("backend-timeouts")).toContainText("1 s");

  // The page reads itself again every few seconds: the probe's first good checks make it healthy.
  const health = page.getByTestId("backend-health");
  await expect(health).toContainText("Healthy", { timeout: 30_000 });
  const probe = page.getByTestId("probe-card");
  await expect(probe).toContainText("healthy while ≥ 2 of the last 3 succeed");

  // The origin fails: two bad checks of the last three, and it is sick.
  failing = true;
  await expect(health).toContainText("Sick", { timeout: 30_000 });
  await expect(probe.getByTestId("health-register")).toHaveAttribute("data-history", /^[01]00$/);
  const failed = page.getByTestId("probe-results").locator('tr[data-error-class="unexpected_status"]').first();
  await expect(failed).toContainText("unexpected_status", { timeout: 30_000 });
  await expect(failed).toContainText("500");
  await expect(failed).toContainText("Expected status 200, got 500");
});

test("a viewer sees backends and their probes, but nothing that changes them", async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const created = await page.request.post("/api/v1/users", { headers: sameOrigin(page), data: { email: viewer.email, password: viewer.password, role: "viewer" } });
  expect(created.status()).toBe(201);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  await signIn(page, viewer.email, viewer.password);
  await page.goto("/backends");
  await expect(page.getByTestId("backends-table").locator('tr[data-backend="e2e_web"]')).toBeVisible();
  await expect(page.getByRole("link", { name: "Import config" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add backend" })).toHaveCount(0);

  await page.getByRole("link", { name: "e2e_web", exact: true }).click();
  await expect(page.getByTestId("probe-card")).toBeVisible();
  await expect(page.getByRole("button", { name: /^(Disable|Enable|Delete)/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add probe" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(page.getByText("Only editors, admins and owners can change a backend.")).toBeVisible();

  await page.goto("/backends/import");
  await expect(page).toHaveURL(/\/forbidden/);
  expect((await page.request.post("/api/v1/import/vcl?dryRun=1", { headers: sameOrigin(page), data: { text: vcl() } })).status()).toBe(403);
});

test("an editor deletes the imported backends; their probes stop with them", async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await page.goto("/backends");
  await page.getByRole("link", { name: "e2e_web", exact: true }).click();
  await page.getByRole("button", { name: "Delete backend…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete “e2e_web”?" });
  await expect(dialog).toContainText("Its probe stops");
  await dialog.getByRole("button", { name: "Delete backend" }).click();
  // The list it returns to reads every backend's status (traffic, rules, probes): slow on a loaded machine.
  await expect(page).toHaveURL(/\/backends$/, { timeout: 30_000 });
  await expect(page.getByTestId("backends-table").locator('tr[data-backend="e2e_web"]')).toHaveCount(0);

  const { backends } = (await (await page.request.get("/api/v1/backends")).json()) as { backends: Array<{ id: string; name: string }> };
  const rest = backends.find((b) => b.name === "e2e_static");
  expect(rest).toBeTruthy();
  expect((await page.request.delete(`/api/v1/backends/${rest!.id}`, { headers: sameOrigin(page) })).status()).toBe(204);
});

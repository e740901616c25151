// The events page, in a real browser: an editor adds a deploy (a missing title is named beside its
// field), sees it listed with its backend, source and author, edits it, follows it to the overview
// where it is a marker on the 5xx chart, deletes it, and filters the list through the URL. A viewer
// sees the same list without any control that changes it. Runs after overview.spec.ts, which
// leaves the owner, the "overview-nginx" source, the api and shop backends and a "shop v1.2.3" deploy.
import { test, expect } from "@playwright/test";
import { OWNER, signIn, sameOrigin } from "./support/session";

const viewer = { email: "events-viewer@example.com", password: "events-viewer-password" };


test.describe.configure({ mode: "serial" });

test("an editor adds, edits and deletes a deploy, and finds it marked on the overview", async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Events" }).click();
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByRole("heading", { name: "Events", level: 1 })).toBeVisible();
  await expect(page.getByTestId("event-row").filter({ hasText: "shop v1.2.3" })).toBeVisible();

  // Add: a missing title is named beside its field; the time starts at now and is left alone.
  await page.getByRole("button", { name: "Add event" }).click();
  const dialog = page.getByRole("dialog", { name: "Add an event" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("radio", { name: "deploy" })).toBeChecked();
  await expect(dialog.getByLabel("Time")).not.toHaveValue("");
  await dialog.getByRole("button", { name: "Add event" }).click();
  await expect(dialog.getByText("Give the event a title.")).toBeVisible();
  await expect(dialog.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  await dialog.getByLabel("Title").fill("api v9.9.9 (e2e)");
  await dialog.getByLabel("Backend").selectOption("api");
  await dialog.getByLabel("Source").selectOption({ label: "overview-nginx" });
  await dialog.getByRole("button", { name: "Add event" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Added the deploy “api v9.9.9 (e2e)”" })).toBeVisible();

  const row = page.getByTestId("event-row").filter({ hasText: "api v9.9.9 (e2e)" });
  await expect(row).toBeVisible();
  await expect(page.getByTestId("event-row").first()).toContainText("api v9.9.9 (e2e)"); // newest first
  await expect(row).toContainText("deploy");
  await expect(row).toContainText("api");
  await expect(row).toContainText("overview-nginx");
  await expect(row.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  // The time names its zone (Chromium here runs in UTC unless told otherwise).
  await expect(row.locator("time")).toHaveText(/(UTC|GMT)/);

  // Edit in a dialog: the fields start from the event; only the title changes.
  await row.getByRole("button", { name: "Edit “api v9.9.9 (e2e)”" }).click();
  const edit = page.getByRole("dialog", { name: "Edit event" });
  await expect(edit.getByLabel("Title")).toHaveValue("api v9.9.9 (e2e)");
  await expect(edit.getByLabel("Backend")).toHaveValue("api");
  await edit.getByLabel("Title").fill("api v9.9.10 (e2e)");
  await edit.getByRole("button", { name: "Save event" }).click();
  await expect(edit).toBeHidden();
  const edited = page.getByTestId("event-row").filter({ hasText: "api v9.9.10 (e2e)" });
  await expect(edited).toBeVisible();
  await expect(page.getByTestId("event-row").filter({ hasText: "api v9.9.9 (e2e)" })).toHaveCount(0);

  // Its "Charts" link opens the overview around it, where the 5xx chart marks it.
  await edited.getByRole("link", { name: "Show the charts around “api v9.9.10 (e2e)”" }).click();
  await expect(page).toHaveURL(/\/\?from=.+&to=.+/);
  const errors = page.getByTestId("chart-errors");
  await expect(errors.locator('[data-event="deploy"]').filter({ hasText: "api v9.9.10 (e2e)" })).toHaveCount(1);

  // Delete, with confirmation.
  await page.goto("/events");
  await page.getByTestId("event-row").filter({ hasText: "api v9.9.10 (e2e)" }).getByRole("button", { name: "Delete “api v9.9.10 (e2e)”" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete “api v9.9.10 (e2e)”?" });
  await expect(confirm).toContainText("This cannot be undone.");
  await confirm.getByRole("button", { name: "Delete event" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Deleted “api v9.9.10 (e2e)”." })).toBeVisible();
  await expect(page.getByTestId("event-row").filter({ hasText: "api v9.9.10 (e2e)" })).toHaveCount(0);

  // Range and filters live in the URL, so a copied link reopens the same list.
  const controls = page.getByTestId("events-controls");
  await controls.getByRole("button", { name: "24h", exact: true }).click();
  await expect(page).toHaveURL(/\/events\?range=24h$/);
  await controls.getByLabel("Type").selectOption("purge");
  await expect(page).toHaveURL(/\/events\?range=24h&type=purge$/);
  await expect(page.getByTestId("events-none-in-range")).toContainText("No event in this range matches these filters.");
  await page.reload();
  await expect(controls.getByLabel("Type")).toHaveValue("purge");
  await controls.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/events\?range=24h$/);
  await expect(page.getByTestId("event-row").filter({ hasText: "shop v1.2.3" })).toBeVisible();
});

test("a viewer sees the events but nothing that changes them", async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const added = await page.request.post("/api/v1/users", { headers: sameOrigin(page), data: { ...viewer, role: "viewer" } });
  expect(added.status()).toBe(201);
  await page.context().clearCookies();

  await signIn(page, viewer.email, viewer.password);
  await page.goto("/events");
  const row = page.getByTestId("event-row").filter({ hasText: "shop v1.2.3" });
  await expect(row).toBeVisible();
  await expect(row.getByRole("link", { name: /Show the charts around/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add event" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Edit “/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Delete “/ })).toHaveCount(0);
  expect((await page.request.post("/api/v1/events", { headers: sameOrigin(page), data: { type: "note", title: "sneaky" } })).status()).toBe(403);
});

// Sharing in a real browser: the owner shares the "checkout" incident (incidents.spec.ts opened and
// resolved it), an anonymous browser opens the link and sees the timeline and checklist progress
// with no way to anything else and the client IPs of the evidence hidden; the owner revokes the
// link under Settings → Shares and the next load is the "not available" 404.
import { test, expect } from "@playwright/test";
import { OWNER, signIn } from "./support/session";

test.describe.configure({ mode: "serial" });

test("owner shares an incident; a stranger sees it read-only with nowhere to go; revoked, it is a 404", async ({ page, browser }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await page.goto("/incidents");
  await page.getByTestId("incident-list").getByRole("link", { name: /checkout/ }).first().click();
  await expect(page.getByTestId("incident-status")).toBeVisible();
  const title = (await page.locator("h1").first().textContent()) ?? "";

  await page.getByTestId("share-button").click();
  const dialog = page.getByRole("dialog", { name: "Share a read-only link" });
  await dialog.getByLabel("Expires after").selectOption("7d");
  await dialog.getByLabel("Note").fill("the checkout timeouts (e2e)");
  await dialog.getByRole("button", { name: "Create link" }).click();
  const url = (await page.getByTestId("share-url").textContent())!.trim();
  expect(url).toMatch(/\/s\/ow_share_[A-Za-z0-9_-]{32,}$/);

  const stranger = await browser.newContext();
  const anon = await stranger.newPage();
  const opened = await anon.goto(url);
  expect(opened?.status()).toBe(200);
  expect(opened?.headers()["referrer-policy"]).toBe("no-referrer");
  await expect(anon.locator("h1")).toHaveText(title);
  await expect(anon.getByTestId("share-note")).toHaveText("the checkout timeouts (e2e)");
  await expect(anon.getByTestId("timeline")).toContainText("Done: Look for slow queries and locks in the database");
  await expect(anon.getByTestId("shared-step").first()).toBeVisible();
  // Nowhere to go: no link, no navigation, no sign-in button; the evidence's client IPs hidden.
  await expect(anon.locator("a[href]")).toHaveCount(0);
  await expect(anon.getByRole("navigation")).toHaveCount(0);
  await expect(anon.locator("body")).not.toContainText("10.2.0.");
  await expect(anon.locator("body")).toContainText("[ip hidden]");

  await page.goto("/settings/shares");
  const row = page.getByTestId("share-row").filter({ hasText: title }).first();
  await expect(row).toContainText("1");
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: /Revoke/ }).click();
  await expect(page.getByTestId("share-row").filter({ hasText: title }).first()).toHaveAttribute("data-status", "revoked");

  const gone = await anon.reload();
  expect(gone?.status()).toBe(404);
  await expect(anon.getByRole("heading", { name: "This link is not available" })).toBeVisible();
  await expect(anon.locator("a[href]")).toHaveCount(0);
  await stranger.close();
});

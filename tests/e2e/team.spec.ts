// Team, in a real browser: an admin (the owner) invites an editor by email; the invitee opens the
// single-use link in a browser of their own, sets a password, signs in and creates an alert rule;
// the link does not work twice, and the new account is an editor, not more.
// Runs last (see the "team" project in playwright.config.ts): it adds a user and a rule.
import { test, expect } from "@playwright/test";
import { OWNER, signIn } from "./support/session";

const EDITOR = { email: "invited-editor@example.com", name: "Ivy Invited", password: "invited-editor-pw-1" };

test("an admin invites an editor, who accepts the link, signs in and creates a rule; the link works once", async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  await signIn(page, OWNER.email, OWNER.password);
  await page.goto("/settings/users");
  const invite = page.getByRole("region", { name: "Invite someone" });
  await invite.getByLabel("Email").fill(EDITOR.email);
  await invite.getByLabel("Role").selectOption("editor");
  await invite.getByRole("button", { name: "Create invitation" }).click();
  const shown = invite.getByTestId("invitation-url");
  await expect(shown).toContainText("/invite/");
  // The link names this server; the browser below opens its path on the test's own address.
  const link = new URL((await shown.textContent())!.trim());
  await expect(invite.getByTestId("invitation-row").filter({ hasText: EDITOR.email })).toContainText("editor");

  const invitee = await browser.newContext({ baseURL });
  try {
    const tab = await invitee.newPage();
    await tab.goto(link.pathname);
    await expect(tab.getByLabel("Email")).toHaveValue(EDITOR.email);
    await tab.getByLabel("Name").fill(EDITOR.name);
    await tab.getByLabel("Password").fill(EDITOR.password);
    await tab.getByRole("button", { name: "Create my account" }).click();
    await expect(tab.getByTestId("invitation-accepted")).toBeVisible();

    // Used once, the link is gone: the same page no longer offers an account.
    await tab.goto(link.pathname);
    await expect(tab.getByText("This invitation is not valid")).toBeVisible();
    await expect(tab.getByRole("button", { name: "Create my account" })).toHaveCount(0);

    await signIn(tab, EDITOR.email, EDITOR.password);
    await tab.goto("/alerts/rules/new");
    await tab.getByLabel("Name").fill("Invited editor: checkout 5xx");
    await tab.getByLabel("Kind").selectOption("error_rate");
    await tab.getByLabel("Above (% of requests)").fill("90");
    await tab.getByLabel("Minimum requests").fill("100000");
    await tab.getByRole("button", { name: "Create rule" }).click();
    await expect(tab).toHaveURL(/\/alerts\/rules\/[^/]+$/);
    await tab.goto("/alerts/rules");
    await expect(tab.getByRole("link", { name: "Invited editor: checkout 5xx" })).toBeVisible();

    // An editor, not more: user management stays closed to them, in the page and at the API.
    await tab.goto("/settings/users");
    await expect(tab).toHaveURL(/\/forbidden/);
    expect((await tab.request.get("/api/v1/users")).status()).toBe(403);
  } finally {
    await invitee.close();
  }

  // The owner sees the new account with its role, and no pending invitation left for it.
  await page.reload();
  await expect(page.getByLabel(`Role of ${EDITOR.name}`)).toHaveValue("editor");
  await expect(page.getByTestId("invitation-row").filter({ hasText: EDITOR.email })).toHaveCount(0);
});

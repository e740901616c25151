// First run to daily use, in a real browser against a real server on a fresh database.
import { test, expect, type Page } from "@playwright/test";
import { sameOrigin } from "./support/session";

const owner = { email: "owner@example.com", password: "first-owner-password", name: "Olive Owner" };
const viewer = { email: "viewer@example.com", password: "viewer-password-123" };

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signInAndWait(page: Page, email: string, password: string) {
  await signIn(page, email, password);
  await expect(page.getByTestId("overview-empty")).toBeVisible();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
}

test.describe.configure({ mode: "serial" });

test("first run: every page leads to setup; the owner is created and lands on the dashboard", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.goto("/signin");
  await expect(page).toHaveURL(/\/setup$/);

  // Field-level messages before anything is sent.
  await page.locator('input[name="email"]').fill("not-an-email");
  await page.locator('input[name="password"]').fill("short");
  await page.locator('input[name="confirmPassword"]').fill("different");
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.locator('input[name="email"]')).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();

  await page.locator('input[name="email"]').fill(owner.email);
  await page.locator('input[name="name"]').fill(owner.name);
  await page.locator('input[name="password"]').fill(owner.password);
  await page.locator('input[name="confirmPassword"]').fill(owner.password);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("overview-empty")).toBeVisible();
  await expect(page.getByText(owner.email)).toBeVisible();

  // Setup is closed now.
  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup$/);
});

test("sign out, a wrong password is refused with a message, the right one signs in", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await expect(page.getByTestId("overview-empty")).toBeVisible();
  await signOut(page);

  await signIn(page, owner.email, "wrong-password-here");
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);

  await page.locator('input[name="password"]').fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("overview-empty")).toBeVisible();

  // Without a session, pages send you to sign in and remember where you were going.
  await page.context().clearCookies();
  await page.goto("/settings/users");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
});

test("an owner adds a viewer; the viewer sees the dashboard but no admin page, and the server refuses their admin calls", async ({ page }) => {
  await signInAndWait(page, owner.email, owner.password);
  await page.goto("/settings/users");
  // The page also holds the invitation form (an email and a role of its own).
  const add = page.getByRole("region", { name: "Add a user" });
  await add.locator('input[name="email"]').fill(viewer.email);
  await add.locator('input[name="password"]').fill(viewer.password);
  await add.locator('select[name="role"]').selectOption("viewer");
  await add.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("cell", { name: viewer.email, exact: true }).first()).toBeVisible();
  await signOut(page);

  await signInAndWait(page, viewer.email, viewer.password);
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);

  await page.goto("/settings/users");
  await expect(page).toHaveURL(/\/forbidden/);
  await page.goto("/settings/tokens");
  await expect(page).toHaveURL(/\/forbidden/);

  // The browser's own session, straight at the API: refused by the server, not just hidden.
  expect((await page.request.get("/api/v1/users")).status()).toBe(403);
  expect((await page.request.post("/api/v1/tokens", { headers: sameOrigin(page), data: { name: "sneaky", role: "viewer" } })).status()).toBe(403);
  expect((await page.request.post("/api/v1/users", { headers: sameOrigin(page), data: { email: "x@example.com", password: "long-enough-pw", role: "admin" } })).status()).toBe(403);
  expect((await page.request.get("/api/v1/me")).status()).toBe(200);
});

test("account: a new password signs out the user's other browsers, not this one; sign out everywhere else", async ({ page, browser, baseURL }) => {
  const elsewhere = await browser.newPage({ baseURL });
  try {
    await signInAndWait(elsewhere, viewer.email, viewer.password);
    await signInAndWait(page, viewer.email, viewer.password);
    await page.goto("/account");
    const form = page.getByRole("form", { name: "Change password" });
    const newPassword = "viewer-password-456";
    await form.getByLabel("Current password").fill(viewer.password);
    await form.getByLabel("New password", { exact: true }).fill(newPassword);
    await form.getByLabel("Confirm new password").fill(newPassword);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Your other sessions were signed out; this one stays signed in.")).toBeVisible();
    viewer.password = newPassword;

    // The other browser is sent to sign in at its next page; this one carries on.
    await elsewhere.goto("/");
    await expect(elsewhere).toHaveURL(/\/signin/);
    await page.goto("/");
    await expect(page.getByTestId("overview-empty")).toBeVisible();

    await signInAndWait(elsewhere, viewer.email, viewer.password);
    await page.goto("/account");
    await page.getByRole("button", { name: "Sign out everywhere else" }).click();
    const dialog = page.getByRole("dialog", { name: "Sign out everywhere else?" });
    await dialog.getByRole("button", { name: "Sign out other sessions" }).click();
    await expect(page.getByText("Every other session was signed out.")).toBeVisible();
    await elsewhere.goto("/");
    await expect(elsewhere).toHaveURL(/\/signin/);
    await page.goto("/");
    await expect(page.getByTestId("overview-empty")).toBeVisible();
  } finally {
    await elsewhere.close();
  }
});

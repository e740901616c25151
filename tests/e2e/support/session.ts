// Signing in through the real form, shared by the specs. The owner is the one foundation.spec.ts
// creates on the first run; the specs that run after it sign in as them.
import { expect, type Page } from "@playwright/test";

export const OWNER = { email: "owner@example.com", password: "first-owner-password", name: "Olive Owner" };

/** Signs in and waits for the overview. `baseUrl`: for a spec that runs its own server. */
export async function signIn(page: Page, email = OWNER.email, password = OWNER.password, baseUrl = ""): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
}

/**
 * Headers a page's own fetch carries: page.request sends the page's cookies but no Origin, and the
 * API refuses cookie-authenticated changes without one (lib/http/cross-site.ts).
 */
export function sameOrigin(page: Page): Record<string, string> {
  return { origin: new URL(page.url()).origin };
}

// The demo day, in a real browser, from a brand-new installation: the empty overview offers
// "Load demo data"; the charts then show the three incidents; a banner says it is demo data on
// every page; removing it brings the empty overview back. It starts its own server on a fresh
// database (the other specs share one that is not empty by the time this would run).
import { test, expect } from "@playwright/test";
import { signIn } from "./support/session";
import { startServer, type RunningServer } from "../helpers/server";

let server: RunningServer;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(360_000);
  server = await startServer();
});
test.afterAll(async () => {
  await server?.stop();
});


test("load demo data on the empty overview, see the incidents, remove it again", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, server.owner.email, server.owner.password, server.baseUrl);

  // A brand-new workspace: the empty state, no banner, and the offer.
  const empty = page.getByTestId("overview-empty");
  await expect(empty).toBeVisible();
  await expect(page.getByTestId("demo-banner")).toHaveCount(0);
  const load = empty.getByRole("button", { name: "Load demo data" });
  await load.click();
  await expect(empty.getByRole("button", { name: /Loading demo data|Opening the dashboard/ })).toHaveAttribute("aria-busy", "true");

  // The charts, with the day's three stories: the causes, the markers, the backends.
  const overview = page.getByTestId("overview");
  await expect(overview).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId("overview-empty")).toHaveCount(0);
  const banner = page.getByTestId("demo-banner");
  await expect(banner).toContainText("You are looking at demo data");
  const errors = page.getByTestId("chart-errors");
  await expect(errors.locator("path.recharts-area-area").first()).toBeVisible();
  await expect(page.getByTestId("chart-latency").locator("path.recharts-line-curve").first()).toBeVisible();
  const causes = page.getByTestId("cause-breakdown");
  for (const cause of ["backend_timeout", "connect_refused", "proxy_overload", "backend_error"]) await expect(causes).toContainText(cause);
  await expect(errors.locator('[data-event="deploy"]')).toHaveCount(2);
  await expect(errors.locator('[data-event="purge"]')).toHaveCount(1);
  await expect(page.getByTestId("events-list")).toContainText("Deploy api v2.15.0");
  const table = page.getByTestId("health-table");
  await expect(table.locator('tr[data-backend="api"]')).toContainText("backend_timeout");
  await expect(table.locator('tr[data-backend="search"]')).toContainText("connect_refused");
  await expect(table.locator('tr[data-backend="shop"]')).toContainText("proxy_overload");

  // The banner is on every page, e.g. the backends list.
  await page.goto(`${server.baseUrl}/backends`);
  await expect(page.getByTestId("demo-banner")).toBeVisible();
  await expect(page.getByRole("link", { name: "search", exact: true })).toBeVisible();

  // Remove, after a confirm: back to the empty overview, the banner gone.
  await page.getByTestId("demo-banner").getByRole("button", { name: "Remove demo data" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove the demo data?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Remove demo data" }).click();
  await expect(page).toHaveURL(`${server.baseUrl}/`);
  await expect(page.getByTestId("overview-empty")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("demo-banner")).toHaveCount(0);
  const status = await page.request.get(`${server.baseUrl}/api/v1/demo`);
  expect(await status.json()).toEqual({ loaded: false, sources: 0, backends: 0, events: 0 });
});

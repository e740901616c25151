// Drill-down, in a real browser: from a spike on the overview's 5xx chart to the raw lines of that
// minute, their parsed fields, a cause filter, and a copied URL that reopens the same view; then
// the keyboard's way in, and a backend's own page with its charts and samples. Runs after
// overview.spec.ts, which leaves the owner and an hour of nginx lines with 5xx of several causes.
import { test, expect, type Locator, type Page } from "@playwright/test";
import { signIn } from "./support/session";



const windowOf = (url: string, from = "from", to = "to") => {
  const q = new URL(url).searchParams;
  return Date.parse(q.get(to)!) - Date.parse(q.get(from)!);
};

/** Moves across a 5xx chart until its tooltip offers the samples of a bucket with 5xx, and clicks there. */
async function clickSpike(page: Page, chart: Locator) {
  const surface = chart.locator("svg.recharts-surface");
  await surface.scrollIntoViewIfNeeded();
  const box = (await surface.boundingBox())!;
  const hint = chart.getByText("Click to see this bucket's 5xx samples");
  const y = box.y + box.height * 0.5;
  let x = box.x + box.width * 0.1;
  for (let i = 0; i <= 160 && !(await hint.isVisible()); i++) {
    x = box.x + box.width * (0.1 + i * 0.005);
    await page.mouse.move(x, y);
  }
  await expect(hint).toBeVisible();
  await page.mouse.click(x, y);
}

test.describe.configure({ mode: "serial" });

test("a click on a 5xx spike lists that minute's raw lines; cause filter and URL keep the view", async ({ page }) => {
  await signIn(page);
  await page.goto("/?range=1h");
  const errors = page.getByTestId("chart-errors");
  await expect(errors.locator("path.recharts-area-area").first()).toBeVisible();

  await clickSpike(page, errors);

  // The samples page, its range that one minute.
  await expect(page).toHaveURL(/\/samples\?from=[^&]+&to=/);
  expect(windowOf(page.url())).toBe(60_000);
  await expect(page.getByRole("heading", { level: 1, name: "5xx samples" })).toBeVisible();
  const samples = page.getByTestId("samples");
  const rows = samples.getByTestId("sample-row");
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId("samples-count")).toContainText(/Showing \d+ of \d+ 5xx in this minute/);
  await expect(page.getByTestId("samples-count")).toContainText("kept up to 5 per minute");

  // The raw line as nginx wrote it, and what was read from it.
  const first = rows.first();
  await expect(first.getByTestId("sample-line")).toContainText(/"GET \/\S* HTTP\/1\.1" 50[234] /);
  await expect(first.getByTestId("sample-fields")).toBeHidden();
  await first.getByText(/^Parsed fields/).click();
  await expect(first.getByTestId("sample-fields")).toBeVisible();
  await expect(first.getByTestId("sample-fields")).toContainText("evidence.nginxUpstreamStatus");
  await expect(first.getByTestId("sample-fields")).toContainText("status");

  // Filter by a cause of this minute: only its lines stay, and the URL says so.
  const causeGroup = samples.getByRole("group", { name: "Filter samples by cause" });
  const chip = causeGroup.getByRole("button").nth(1);
  const cause = (await chip.locator("code").textContent())!;
  await chip.click();
  await expect(page).toHaveURL(new RegExp(`[?&]cause=${cause}`));
  await expect(chip).toHaveAttribute("aria-pressed", "true");
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  for (let i = 0; i < count; i++) await expect(rows.nth(i)).toHaveAttribute("data-cause", cause);
  await expect(page.getByTestId("samples-count")).toContainText(`${cause} 5xx in this minute`);
  const windowText = await page.getByTestId("samples-window").textContent();

  // The copied URL reopens the same view: the minute, the cause, the same lines.
  const again = await page.context().newPage();
  await again.goto(page.url());
  const samplesAgain = again.getByTestId("samples");
  await expect(samplesAgain.getByRole("group", { name: "Filter samples by cause" }).getByRole("button", { name: new RegExp(cause) })).toHaveAttribute("aria-pressed", "true");
  await expect(again.getByLabel("Cause", { exact: true })).toHaveValue(cause);
  await expect(samplesAgain.getByTestId("sample-row")).toHaveCount(count);
  await expect(again.getByTestId("samples-window")).toHaveText(windowText!);
  await again.close();
});

test("the worst buckets are links: the keyboard reaches the same drill-down, and a backend's page shows its samples", async ({ page }) => {
  await signIn(page);
  await page.goto("/?range=1h&backend=api");
  const spikes = page.getByTestId("spike-links").getByRole("link");
  await expect(spikes.first()).toBeVisible();
  await spikes.first().focus();
  await page.keyboard.press("Enter");

  // api has a page (discovered from the logs): its samples section, for that minute.
  await expect(page).toHaveURL(/\/backends\/[^/?]+\?.*samplesFrom=.*#samples$/);
  expect(windowOf(page.url(), "samplesFrom", "samplesTo")).toBe(60_000);
  await expect(page.getByRole("heading", { level: 1, name: "api" })).toBeVisible();
  const traffic = page.getByTestId("backend-traffic");
  await expect(traffic.getByTestId("chart-errors").locator("path.recharts-area-area").first()).toBeVisible();
  await expect(traffic.getByTestId("chart-latency")).toContainText("p50, p95 and p99 response time of api");
  await expect(traffic.getByTestId("cause-breakdown")).toContainText("backend_timeout");
  const rows = traffic.getByTestId("sample-row");
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId("samples-count")).toContainText("in this minute");
  // No backend column on a backend's page; its lines are api's.
  await expect(traffic.getByTestId("samples-table").getByRole("columnheader", { name: "Backend" })).toHaveCount(0);
  await expect(rows.first().getByTestId("sample-line")).toContainText(" api ");

  // Back to the whole range: the window leaves the URL, the range stays.
  await page.getByRole("button", { name: "Show the whole range" }).click();
  await expect(page).not.toHaveURL(/samplesFrom=/);
  await expect(page).toHaveURL(/[?&]range=1h/);
  await expect(page.getByTestId("samples-count")).toContainText("in this range");

  // A click on the backend page's own 5xx chart stays on the page and narrows its samples.
  await clickSpike(page, traffic.getByTestId("chart-errors"));
  await expect(page).toHaveURL(/samplesFrom=/);
  await expect(page.getByTestId("samples-count")).toContainText("in this minute");
  await expect(page).toHaveURL(/\/backends\//);
});

test("the samples page auto-refreshes its range and counts, never the charts it does not show", async ({ page }) => {
  await signIn(page);
  const asked: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/v1/")) asked.push(url.pathname);
  });
  await page.clock.install();
  await page.goto("/samples?range=1h&refresh=30s");
  await expect(page.getByTestId("samples").getByTestId("sample-row").first()).toBeVisible();
  // The first row is server-rendered: the page's timer starts only once it has hydrated, which
  // on a loaded machine can be after a single fast-forward. So: 31 s more per look (one refresh
  // every 30 s) until the refresh shows.
  await expect
    .poll(
      async () => {
        await page.clock.fastForward(31_000);
        return asked.includes("/api/v1/summary");
      },
      { message: "the refresh re-reads the range's summary", intervals: [500, 1000, 2000], timeout: 20_000 },
    )
    .toBe(true);
  expect(asked.filter((path) => path === "/api/v1/series" || path === "/api/v1/events")).toEqual([]);
});

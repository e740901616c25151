import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3199);
const baseURL = `http://127.0.0.1:${port}`;

// Run through `npm run test:e2e` (scripts/e2e.mjs), which picks Chromium and a fresh database.
export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  // Files run in name order within a project. The overview's spec needs what the others leave
  // behind (the owner, sources with data), and sources.spec.ts needs a workspace without them.
  // backends.spec.ts sorts before foundation.spec.ts, which creates the owner: it runs after it.
  // demo.spec.ts starts its own server on a fresh database (it needs an empty workspace).
  projects: [
    { name: "setup-and-settings", testIgnore: /(overview|backends|events|drilldown|demo|charts|csp|cdn|incidents|alerts|advisor|status|channels|sharing|team)\.spec\.ts$/ },
    { name: "channels", testMatch: /channels\.spec\.ts$/, dependencies: ["setup-and-settings"] },
    { name: "backends", testMatch: /backends\.spec\.ts$/, dependencies: ["setup-and-settings"] },
    { name: "dashboard", testMatch: /overview\.spec\.ts$/, dependencies: ["setup-and-settings"] },
    { name: "events", testMatch: /events\.spec\.ts$/, dependencies: ["dashboard"] },
    { name: "drilldown", testMatch: /drilldown\.spec\.ts$/, dependencies: ["dashboard"] },
    // The pages under the Content-Security-Policy, with the overview's data to chart.
    { name: "csp", testMatch: /csp\.spec\.ts$/, dependencies: ["dashboard"] },
    // Settings → Advisor over the overview's traffic, and a backend with a postgres probe of its own.
    { name: "advisor", testMatch: /advisor\.spec\.ts$/, dependencies: ["dashboard"] },
    { name: "demo", testMatch: /demo\.spec\.ts$/ },
    // Backend status (failing by traffic, stale probes) at two viewports, on a server of its own.
    { name: "status", testMatch: /status\.spec\.ts$/ },
    // Chart data and layout on the demo day, on a server of its own (like demo.spec.ts).
    { name: "charts", testMatch: /charts\.spec\.ts$/ },
    // Replays failing traffic of its own (an incident opens): after the specs that count the overview's data.
    { name: "incidents", testMatch: /incidents\.spec\.ts$/, dependencies: ["backends", "events", "drilldown", "csp", "advisor"] },
    // Adds a CDN source and traffic of its own: after every spec that counts the shared workspace's data.
    { name: "cdn", testMatch: /cdn\.spec\.ts$/, dependencies: ["backends", "events", "drilldown", "csp", "incidents"] },
    // Ingests failing lines for a backend of its own until a suggested rule fires.
    { name: "alerts", testMatch: /alerts\.spec\.ts$/, dependencies: ["cdn"] },
    // Shares the incident incidents.spec.ts resolved and adds nothing others count: last.
    { name: "sharing", testMatch: /sharing\.spec\.ts$/, dependencies: ["alerts"] },
    // Invites an editor who creates a rule (one that never fires): adds a user and a rule, so after the rest.
    { name: "team", testMatch: /team\.spec\.ts$/, dependencies: ["sharing"] },
  ],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
  webServer: {
    command: "node scripts/start.mjs",
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(port), HOSTNAME: "127.0.0.1" },
  },
});

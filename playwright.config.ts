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
    { name: "setup-and-settings", testIgnore: /(overview|backends|events|drilldown|demo)\.spec\.ts$/ },
    { name: "backends", testMatch: /backends\.spec\.ts$/, dependencies: ["setup-and-settings"] },
    { name: "dashboard", testMatch: /overview\.spec\.ts$/, dependencies: ["setup-and-settings"] },
    { name: "events", testMatch: /events\.spec\.ts$/, dependencies: ["dashboard"] },
    { name: "drilldown", testMatch: /drilldown\.spec\.ts$/, dependencies: ["dashboard"] },
    { name: "demo", testMatch: /demo\.spec\.ts$/ },
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

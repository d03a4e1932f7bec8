// The browser suite: the production build (`next build && next start`, through `npm start`'s script)
// on a fresh embedded database with the demo workspace, driven by Debian's Chromium. Nothing is
// downloaded: CHROMIUM_PATH (default /usr/bin/chromium) is the browser.
import { defineConfig } from "@playwright/test";
import { E2E_DATA_DIR, E2E_PORT, E2E_URL } from "./env";

export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.ts$/,
  outputDir: "../test-results/e2e",
  // One server, one database, one browser at a time: the specs run in order, each in its own tenant
  // (a fresh sign-up) unless it reads the seeded demo workspace.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { outputFolder: "../playwright-report", open: "never" }]],
  use: {
    baseURL: E2E_URL,
    viewport: { width: 1280, height: 800 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    // A fresh database every run: the demo's sign-in is written to the data folder by the seed.
    command: `rm -rf ${E2E_DATA_DIR} && node --import tsx scripts/start.ts`,
    cwd: "..",
    url: `${E2E_URL}/sign-in`,
    // A first start runs `next build`: minutes on a busy 2-core machine.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    env: {
      PORT: String(E2E_PORT),
      DATA_DIR: E2E_DATA_DIR,
      APP_URL: E2E_URL,
      BETTER_AUTH_URL: E2E_URL,
      // Every spec signs in as the demo person from 127.0.0.1: the per-IP and per-email sign-in
      // limits (30 and 10 per 15 minutes) would refuse the suite's later sign-ins.
      RATE_LIMIT_SIGN_IN_PER_IP: "0",
      RATE_LIMIT_SIGN_IN_PER_EMAIL: "0",
      // The isolation tests sign up second workspaces.
      SIGN_UP: "on",
      // No minute timer: ticks happen when a spec presses "Run now". The agent worker stays on.
      SCHEDULER: "off",
      ADMIN_TOKEN: "e2e-admin-token",
    },
  },
});

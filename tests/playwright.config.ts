/**
 * End-to-end tests: the real hub (API, console and portal in one process) in a fresh data folder, driven through
 * Debian's Chromium (browsers are never downloaded). `npm test` runs them after the Vitest suite.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.QNZS_E2E_PORT ?? 3210);
/** a second hub with no account at all, for the first visit */
export const EMPTY_HUB_PORT = port + 1;

function hubServer(hubPort: number, empty: boolean) {
  return {
    command: "bash e2e/serve-hub.sh",
    url: `http://127.0.0.1:${hubPort}/api/health`,
    // the first run builds the console and portal (next build) before the hub answers
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: {
      QNZS_E2E_DATA: join(tmpdir(), `qnzs-e2e-data-${hubPort}`),
      QNZS_E2E_PORT: String(hubPort),
      QNZS_E2E_EMPTY: empty ? "1" : "",
      // the hub keeps its own PGlite folder even when CI points DATABASE_URL at a PostgreSQL server
      DATABASE_URL: "",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  };
}

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: join(tmpdir(), "qnzs-e2e-results"),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? "list" : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    browserName: "chromium",
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        // date inputs and other browser-drawn controls in Chinese, as the users see them
        "--lang=zh-CN",
      ],
    },
  },
  webServer: [
    // the first hub builds the console and portal when needed; the second starts after it, on the same build
    hubServer(port, false),
    hubServer(EMPTY_HUB_PORT, true),
  ],
});

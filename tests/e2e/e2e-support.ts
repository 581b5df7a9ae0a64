/**
 * What the end-to-end specs share: where the hub under test runs and keeps its data (serve-hub.sh), the CLI
 * against it, the simulator next to it, and signing in as a seeded person.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, expect, type Page } from "@playwright/test";

export const HUB_PORT = Number(process.env.QNZS_E2E_PORT ?? 3210);
export const HUB_URL = `http://127.0.0.1:${HUB_PORT}`;
export const HUB_DATA = join(tmpdir(), `qnzs-e2e-data-${HUB_PORT}`);
/** the empty hub takes HUB_PORT + 1 (playwright.config.ts) */
export const SIM_PORT = HUB_PORT + 2;
export const SIM_URL = `http://127.0.0.1:${SIM_PORT}`;
export const REPO = fileURLToPath(new URL("../../", import.meta.url));

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };

/** `qnzs …` against the running hub (it finds the hub through hub.json in the data folder). */
export function qnzs(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("node", ["bin/qnzs.mjs", "--data", HUB_DATA, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "" },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the simulator on SIM_PORT and waits until it answers; call the result to stop it. */
export async function startSimulator(): Promise<() => void> {
  const simulator: ChildProcess = spawn("node", ["bin/qnzs.mjs", "simulate", "--port", String(SIM_PORT)], {
    cwd: REPO,
    stdio: "ignore",
  });
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${SIM_URL}/_sim/accounts`)).ok;
        } catch {
          return false;
        }
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return () => simulator.kill();
}

interface SimulatorAccounts {
  weibo: { apiBase: string; appKey: string; appSecret: string; accessToken: string; uid: string };
}

/** Adds the simulator's Weibo account to the hub (owned by `orgId` when given); returns its id. */
export async function addSimulatorWeibo(name: string, orgId?: number): Promise<number> {
  const { weibo } = (await (await callSimulator("/_sim/accounts")).json()) as SimulatorAccounts;
  const added = qnzs(
    "--json",
    "channel",
    "add",
    "weibo",
    "--name",
    name,
    ...(orgId ? ["--org", String(orgId)] : []),
    "--api-base",
    weibo.apiBase,
    "--app-key",
    weibo.appKey,
    "--app-secret",
    weibo.appSecret,
    "--access-token",
    weibo.accessToken,
    "--uid",
    weibo.uid,
    "--redirect-uri",
    `${HUB_URL}/api/oauth/weibo/callback`,
  );
  expect(added.status, added.stderr).toBe(0);
  return (JSON.parse(added.stdout) as { id: number }).id;
}

/**
 * A call to the simulator's control API. Retried when the connection was reused just as the simulator closed it
 * (its keep-alive ends while a CLI command runs): every control call here may be sent twice.
 */
export async function callSimulator(path: string, init?: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fetch(`${SIM_URL}${path}`, init);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** What the simulator recorded as published (replies, posts, articles), oldest first. */
export async function simulatorRecord(): Promise<
  { platform: string; endpoint: string; params: Record<string, unknown> }[]
> {
  return (await callSimulator("/_sim/record")).json() as Promise<
    { platform: string; endpoint: string; params: Record<string, unknown> }[]
  >;
}

/** A new browser context signed in as `username`, on `next`. */
export async function signIn(browser: Browser, username: string, password: string, next: string): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(next);
  await expect(page).toHaveURL(/\/console\/login/);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/console\/login/);
  return page;
}

/** The org ids where the signed-in person holds a role (GET /api/me with their session). */
export async function orgIdsOf(page: Page): Promise<number[]> {
  const me = (await (await page.request.get("/api/me")).json()) as { roles: { orgId: number }[] };
  return me.roles.map((role) => role.orgId);
}

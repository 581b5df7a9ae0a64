/**
 * The CLI against a running hub (`qnzs start`): channel, crawl, import, search, stats and demo setup go through the
 * hub's API while it holds the data folder, and open the folder themselves once it has stopped.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningSimulator, startSimulator } from "@qnzs/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson } from "./world.ts";

const BIN = fileURLToPath(new URL("../../bin/qnzs.mjs", import.meta.url));
const CORPUS = fileURLToPath(new URL("../../core/src/understand/fixtures/questions.dev.jsonl", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, QNZS_LOG_LEVEL: "warn" };
  delete env.DATABASE_URL;
  delete env.QNZS_DATA_DIR;
  return env;
}

function qnzs(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: environment() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function lastJson<T>(output: string): T {
  return JSON.parse(output.trim().split("\n").at(-1)!) as T;
}

/** Starts `qnzs start --port 0` and resolves once it prints where it listens. */
function startHubProcess(data: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, "--data", data, "--json", "start", "--port", "0", "--no-scheduler", "--no-web"],
      {
        env: environment(),
      },
    );
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const line = stdout.split("\n").find((candidate) => candidate.startsWith("{"));
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.on("close", (code) => reject(new Error(`hub exited with ${code}: ${stderr}`)));
  });
}

interface SimAccounts {
  wechat: { apiBase: string; appId: string; appSecret: string; token: string; encodingAesKey: string };
}

describe("qnzs commands while the hub runs", () => {
  let sim: RunningSimulator;
  let data: string;
  let hub: { child: ChildProcess; url: string };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    data = mkdtempSync(join(tmpdir(), "qnzs-hub-"));
    hub = await startHubProcess(data);
  });
  afterAll(async () => {
    if (hub?.child.exitCode === null) hub.child.kill("SIGINT");
    await sim?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it("adds accounts, crawls, imports, searches and sets up the demo through the hub", async () => {
    const hubFile = join(data, "hub.json");
    expect(statSync(hubFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(hubFile, "utf8"))).toMatchObject({ url: hub.url, pid: hub.child.pid });

    const host = new URL(sim.url).host;
    const rss = await qnzs([
      "--data",
      data,
      "--json",
      "channel",
      "add",
      "rss",
      "--name",
      "订阅源",
      "--feed-url",
      `${sim.url}/rss/rss2.xml`,
      "--allowed-hosts",
      host,
    ]);
    expect(rss.code, rss.stderr).toBe(0);
    expect(lastJson(rss.stdout)).toEqual({ id: 1 });

    const { wechat } = await getJson<SimAccounts>(`${sim.url}/_sim/accounts`);
    const added = await qnzs([
      "--data",
      data,
      "channel",
      "add",
      "wechat",
      "--name",
      "公众号",
      "--api-base",
      wechat.apiBase,
      "--app-id",
      wechat.appId,
      "--app-secret",
      wechat.appSecret,
      "--token",
      wechat.token,
      "--encoding-aes-key",
      wechat.encodingAesKey,
      "--json",
    ]);
    expect(lastJson(added.stdout)).toEqual({ id: 2 });

    const bad = await qnzs(["--data", data, "channel", "add", "wechat", "--name", "坏的", "--app-id", "nope"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--app-id");

    const crawl = await qnzs(["--data", data, "--json", "crawl"]);
    expect(crawl.code, crawl.stderr).toBe(0);
    const summary = lastJson<{ itemsNew: number; failed: number; accounts: { kind: string; itemsNew: number }[] }>(
      crawl.stdout,
    );
    expect(summary.failed).toBe(0);
    expect(summary.accounts.map((a) => [a.kind, a.itemsNew])).toEqual([
      ["rss", 8],
      ["wechat", 17],
    ]);
    // progress went to stderr as JSON lines, one per event
    const progress = crawl.stderr
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { progress: { type: string } });
    expect(progress.filter((line) => line.progress.type === "end")).toHaveLength(2);

    const list = await qnzs(["--data", data, "--json", "channel", "list"]);
    const accounts = lastJson<
      { kind: string; posts: number; secretsSet: string[]; health: { lastSuccessAt: string | null } }[]
    >(list.stdout);
    expect(accounts.map((a) => [a.kind, a.posts])).toEqual([
      ["rss", 8],
      ["wechat", 17],
    ]);
    expect(accounts[1]!.secretsSet).toEqual(["appSecret", "encodingAesKey", "token"]);
    expect(accounts.every((a) => a.health.lastSuccessAt)).toBe(true);
    const human = await qnzs(["--data", data, "channel", "list"]);
    for (const secret of [wechat.appSecret, wechat.token, wechat.encodingAesKey]) {
      expect(list.stdout).not.toContain(secret);
      expect(human.stdout).not.toContain(secret);
    }

    const imported = await qnzs(["--data", data, "--json", "import", CORPUS]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(lastJson(imported.stdout)).toMatchObject({ new: 300, updated: 0, failed: 0 });
    const stats = lastJson<{ posts: number }>((await qnzs(["--data", data, "--json", "stats"])).stdout);
    expect(stats.posts).toBe(300 + 8 + 17);
    const search = lastJson<{ total: number }>((await qnzs(["--data", data, "--json", "search", "考研"])).stdout);
    expect(search.total).toBeGreaterThanOrEqual(10);

    const demo = await qnzs(["--data", data, "--json", "demo", "setup", "--simulator", sim.url]);
    expect(demo.code, demo.stderr).toBe(0);
    const setup = lastJson<{ accounts: { kind: string }[]; callbacks: Record<string, string> }>(demo.stdout);
    expect(new Set(setup.accounts.map((a) => a.kind))).toEqual(new Set(["weibo", "wechat", "weibang", "h5", "rss"]));
    expect(setup.callbacks.wechat).toMatch(new RegExp(`^${hub.url}/api/channels/\\d+/callback$`));
    const simConfig = await getJson<{ wechat: { callbackUrl: string } }>(`${sim.url}/_sim/config`);
    expect(simConfig.wechat.callbackUrl).toBe(setup.callbacks.wechat);
  });

  it("stops on Ctrl-C, removes hub.json, and commands then open the folder themselves", async () => {
    const exited = new Promise<number | null>((resolve) => hub.child.on("exit", resolve));
    hub.child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(existsSync(join(data, "hub.json"))).toBe(false);
    const list = await qnzs(["--data", data, "--json", "channel", "list"]);
    expect(list.code, list.stderr).toBe(0);
    expect(lastJson<unknown[]>(list.stdout).length).toBeGreaterThanOrEqual(9);
  });
});

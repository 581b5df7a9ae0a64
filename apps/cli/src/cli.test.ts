import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../../bin/qnzs.mjs", import.meta.url));
const CORPUS = fileURLToPath(new URL("../../../core/src/understand/fixtures/questions.dev.jsonl", import.meta.url));
const folders: string[] = [];

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "qnzs-cli-"));
  folders.push(folder);
  return folder;
}

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `qnzs` on the embedded database only (no DATABASE_URL), optionally stopping it when `stopWhen` sees stderr. */
function runQnzs(args: string[], stopWhen?: (stderr: string, child: ChildProcess) => void): Promise<Run> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      stopWhen?.(stderr, child);
    });
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** An export of `count` posts alternating between two channels. */
function writeBigExport(folder: string, count: number): string {
  const file = join(folder, "big.jsonl");
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const channel = i % 2 ? "weibo" : "wechat";
    lines.push(
      JSON.stringify({ channel, id: `p${i}`, text: `第${i}号：请问考研和西部计划能同时报名吗？编号${i * 7919}` }),
    );
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

function lastJson<T>(output: string): T {
  return JSON.parse(output.trim().split("\n").at(-1)!) as T;
}

describe("qnzs import, search and stats", () => {
  const data = tempFolder();

  it("imports the corpus, finds 考研 with highlights, and a second import changes no count", async () => {
    const first = await runQnzs(["--data", data, "--json", "import", CORPUS]);
    expect(first.code, first.stderr).toBe(0);
    expect(lastJson(first.stdout)).toEqual({ new: 300, updated: 0, duplicates: 15, failed: 0 });

    const search = await runQnzs(["--data", data, "--json", "search", "考研", "--limit", "5"]);
    const result = lastJson<{ total: number; hits: { text: string; highlight: string; channel: string }[] }>(
      search.stdout,
    );
    expect(result.total).toBeGreaterThanOrEqual(10);
    expect(result.hits).toHaveLength(5);
    for (const hit of result.hits) expect(hit.highlight).toContain("<mark>考研</mark>");

    const before = lastJson<Record<string, number>>((await runQnzs(["--data", data, "--json", "stats"])).stdout);
    const again = await runQnzs(["--data", data, "--json", "import", CORPUS]);
    expect(lastJson(again.stdout)).toEqual({ new: 0, updated: 300, duplicates: 0, failed: 0 });
    const after = lastJson<Record<string, number>>((await runQnzs(["--data", data, "--json", "stats"])).stdout);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ posts: 300, duplicates: 15, failures: 0 });
  });

  it("reports bad lines of an export and imports the rest", async () => {
    const folder = tempFolder();
    const file = join(folder, "mixed.csv");
    writeFileSync(
      file,
      'channel,id,author,text,published_at\nweibo,1,小王,"请问考研复试,需要准备什么？",2025-03-01T08:00:00+08:00\n' +
        'weibo,,小李,没有编号,2025-03-01\nweibo,3,小张,"多行\n的问题：团费怎么交？",不是日期\n',
    );
    const run = await runQnzs(["--data", folder, "--json", "import", file]);
    expect(lastJson(run.stdout)).toEqual({ new: 1, updated: 0, duplicates: 0, failed: 2 });
  });

  it("tells a second opener who holds the data folder", async () => {
    const folder = tempFolder();
    const file = writeBigExport(folder, 6000);
    let holder: ChildProcess | undefined;
    const firstRun = runQnzs(["--data", folder, "--json", "import", file], (_stderr, child) => {
      holder = child;
    });
    while (!holder) await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await runQnzs(["--data", folder, "stats"]);
    await firstRun;
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`pid ${holder.pid}`);
  });
});

describe("an import killed midway", () => {
  it("loses nothing and duplicates nothing when run again", async () => {
    const folder = tempFolder();
    const total = 12_000;
    const file = writeBigExport(folder, total);

    const killed = await runQnzs(["--data", folder, "--json", "import", file], (stderr, child) => {
      const progress = stderr
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { progress: number });
      if (progress.some((step) => step.progress >= 3000)) child.kill("SIGKILL");
    });
    expect(killed.signal).toBe("SIGKILL");

    const rerun = await runQnzs(["--data", folder, "--json", "import", file]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const totals = lastJson<{ new: number; updated: number }>(rerun.stdout);
    expect(totals.new + totals.updated).toBe(total);
    expect(totals.updated).toBeGreaterThanOrEqual(3000);

    const stats = lastJson<{ posts: number; by_channel: Record<string, number> }>(
      (await runQnzs(["--data", folder, "--json", "stats"])).stdout,
    );
    expect(stats.posts).toBe(total);
    expect(stats.by_channel).toEqual({ wechat: total / 2, weibo: total / 2 });
  });
});

/**
 * Server response times of the main console and portal pages: the real hub (`qnzs start`, production Next build)
 * on a PGlite folder with --posts posts and --cases cases, each page requested --requests times one after another
 * (after a warm-up), as a provincial cadre, a site admin and an anonymous visitor. The floor is /api/health, the
 * cheapest request through the same server. Target: p95 ≤ 300 ms.
 *
 *   npm run bench:pages -- [--posts 100000] [--cases 10000] [--templates 400] [--requests 30] [--pglite DIR] [--write]
 *
 * `--seed-only` fills the data folder (with `--pglite DIR`, to be reused) and stops before the hub starts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { addUser } from "@qnzs/core/cases/users";
import { openDatabase, queryRows } from "@qnzs/db";
import { SESSION_COOKIE } from "@qnzs/web/auth/cookie";
import { createSession } from "@qnzs/web/auth/sessions";
import { sql } from "drizzle-orm";
import { describeRun, parseFlag, writeResultsSection } from "../lib/report.ts";
import { seedPagesDatabase } from "./seed.ts";

const TARGET_MS = 300;
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const args = process.argv.slice(2);
const posts = parseFlag(args, "--posts", 100_000);
const caseCount = parseFlag(args, "--cases", 10_000);
const templates = parseFlag(args, "--templates", 400);
const requests = parseFlag(args, "--requests", 30);
/** `--pglite DIR`: keep the seeded data folder between runs (topped up to the sizes asked for) */
const keptPglite = args.includes("--pglite") ? args[args.indexOf("--pglite") + 1] : undefined;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Visitor {
  name: string;
  cookie: string | null;
}

interface Page {
  name: string;
  path: string;
  visitor: Visitor;
}

interface Row {
  page: Page;
  p50: number;
  p95: number;
  max: number;
  bytes: number;
}

/** Users, sessions and the addresses the pages are measured on: a case and an answer the visitors may see. */
async function prepare(dir: string) {
  const database = await openDatabase({ url: null, dataDir: dir });
  try {
    const started = performance.now();
    const report = await seedPagesDatabase(database.db, {
      posts,
      cases: caseCount,
      templates,
      now: new Date(),
      log: (line) => console.log(line),
    });
    console.log(
      `database: ${report.posts.toLocaleString("en-US")} posts, ${report.cases.toLocaleString("en-US")} cases, ` +
        `${report.events.toLocaleString("en-US")} case events, ${report.publicAnswers} public answers ` +
        `(${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    const db = database.db;
    const [sichuan] = await queryRows<{ id: string }>(db, sql`select id from orgs where name = '共青团四川省委员会'`);
    const user = async (username: string, input: { isAdmin?: boolean; orgId?: number }) => {
      const [found] = await queryRows<{ id: string }>(db, sql`select id from users where username = ${username}`);
      if (found) return Number(found.id);
      const created = await addUser(db, {
        username,
        password: `${username}-password`,
        ...(input.isAdmin ? { isAdmin: true } : {}),
        roles: input.orgId ? [{ orgId: input.orgId, role: "cadre" }] : [],
      });
      return created.id;
    };
    const cadreId = await user("bench-cadre", { orgId: Number(sichuan!.id) });
    const adminId = await user("bench-admin", { isAdmin: true });
    const cookie = async (userId: number) => `${SESSION_COOKIE}=${(await createSession(db, userId)).token}`;
    const cadre: Visitor = { name: "provincial cadre", cookie: await cookie(cadreId) };
    const admin: Visitor = { name: "site admin", cookie: await cookie(adminId) };
    const [caseRow] = await queryRows<{ id: string }>(
      db,
      sql`select c.id from cases c join orgs o on o.id = c.org_id
        where o.path like (select path || '%' from orgs where id = ${Number(sichuan!.id)})
        order by c.updated_at desc limit 1`,
    );
    const [answer] = await queryRows<{ id: string }>(
      db,
      sql`select id from answers where is_public order by updated_at desc limit 1`,
    );
    return { report, cadre, admin, caseId: Number(caseRow?.id), answerId: Number(answer?.id) };
  } finally {
    await database.close();
  }
}

async function startHub(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["bin/qnzs.mjs", "--data", dir, "start", "--port", "0", "--no-scheduler"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "1", QNZS_LOG_LEVEL: "warn" },
  });
  const file = join(dir, "hub.json");
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the hub stopped (exit ${child.exitCode})`);
    if (existsSync(file)) {
      const { url } = JSON.parse(readFileSync(file, "utf8")) as { url: string };
      const health = await fetch(`${url}/api/health`).catch(() => null);
      if (health?.ok) return { url, child };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill();
  throw new Error("the hub did not answer within 10 minutes");
}

async function request(url: string, visitor: Visitor): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url, {
    redirect: "manual",
    headers: visitor.cookie ? { cookie: visitor.cookie } : {},
  });
  const body = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${url} as ${visitor.name}: ${response.status}`);
  return { ms, bytes: Buffer.byteLength(body) };
}

async function measure(base: string, page: Page): Promise<Row> {
  const url = `${base}${page.path}`;
  for (let i = 0; i < 3; i++) await request(url, page.visitor);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < requests; i++) {
    const result = await request(url, page.visitor);
    times.push(result.ms);
    bytes = result.bytes;
  }
  const row = { page, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), bytes };
  console.log(
    `${page.name.padEnd(28)} ${page.visitor.name.padEnd(17)} p50 ${row.p50.toFixed(0).padStart(4)} ms  ` +
      `p95 ${row.p95.toFixed(0).padStart(4)} ms  max ${row.max.toFixed(0).padStart(4)} ms  ${(bytes / 1024).toFixed(0)} KiB`,
  );
  return row;
}

async function main(): Promise<void> {
  const dir = keptPglite ?? mkdtempSync(join(tmpdir(), "qnzs-bench-pages-"));
  let hub: { url: string; child: ChildProcess } | null = null;
  const header = describeRun(
    `npm run bench:pages -- --posts ${posts} --cases ${caseCount} --templates ${templates} --requests ${requests} --write`,
  );
  try {
    const prepared = await prepare(dir);
    if (args.includes("--seed-only")) return;
    const load = loadavg().map((value) => value.toFixed(1));
    hub = await startHub(dir);
    const anonymous: Visitor = { name: "anonymous", cookie: null };
    const { cadre, admin } = prepared;
    const pages: Page[] = [{ name: "floor: /api/health", path: "/api/health", visitor: anonymous }];
    pages.push(
      { name: "portal home", path: "/", visitor: anonymous },
      { name: "portal search", path: `/?q=${encodeURIComponent("考研")}`, visitor: anonymous },
      { name: "answer page", path: `/answers/${prepared.answerId}`, visitor: anonymous },
    );
    for (const visitor of [cadre, admin]) {
      pages.push(
        { name: "console monitor", path: "/console/monitor", visitor },
        { name: "console monitor, search", path: `/console/monitor?q=${encodeURIComponent("工作")}`, visitor },
        { name: "case queue", path: "/console/cases", visitor },
        { name: "case detail", path: `/console/cases/${prepared.caseId}`, visitor },
        { name: "dashboard", path: "/console/dashboard", visitor },
      );
    }
    const rows: Row[] = [];
    for (const page of pages) rows.push(await measure(hub.url, page));
    const loadAfter = loadavg().map((value) => value.toFixed(1));
    const missed = rows.filter((row) => row.page.path !== "/api/health" && row.p95 > TARGET_MS);
    console.log(missed.length === 0 ? "every page within the target" : `${missed.length} pages over ${TARGET_MS} ms`);
    if (args.includes("--write")) {
      const { report } = prepared;
      writeResultsSection(
        "pages",
        [
          header,
          `- load average before the requests: ${load.join(", ")}; after: ${loadAfter.join(", ")}`,
          `- database: PGlite, ${report.posts.toLocaleString("en-US")} posts, ${report.cases.toLocaleString("en-US")} cases ` +
            `(${templates} made through core/cases, copied with their timelines), ${report.events.toLocaleString("en-US")} case events, ` +
            `${report.publicAnswers.toLocaleString("en-US")} public answers`,
          `- the real hub (\`qnzs start\`, production Next build); ${requests} requests a page one after another after 3 warm-up requests; ` +
            `time to the last byte; target p95 ≤ ${TARGET_MS} ms`,
          "",
          "| page | visitor | p50 | p95 | max | size | target |",
          "| --- | --- | --- | --- | --- | --- | --- |",
          ...rows.map(
            (row) =>
              `| ${row.page.name} | ${row.page.visitor.name} | ${row.p50.toFixed(0)} ms | ${row.p95.toFixed(0)} ms | ` +
              `${row.max.toFixed(0)} ms | ${(row.bytes / 1024).toFixed(0)} KiB | ` +
              `${row.page.path === "/api/health" ? "floor" : row.p95 <= TARGET_MS ? "met" : "**missed**"} |`,
          ),
        ].join("\n"),
      );
    }
  } finally {
    if (hub) {
      hub.child.kill("SIGTERM");
      await new Promise((resolve) => hub?.child.once("exit", resolve));
    }
    if (!keptPglite) rmSync(dir, { recursive: true, force: true });
  }
}

await main();

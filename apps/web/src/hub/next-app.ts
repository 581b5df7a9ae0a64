/**
 * The console and portal: Next.js (app router) mounted in the hub process. The hub's own server keeps /api,
 * /open311, /feeds and push callbacks; every other request goes to Next's request handler. Production serves
 * the `next build` output in apps/web/.next, built once when it is missing or older than the sources.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const WEB_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** Paths the hub answers itself; everything else is a page. */
const HUB_PREFIXES = ["/api/", "/open311/", "/feeds/"];

export function isHubPath(pathname: string): boolean {
  return HUB_PREFIXES.some((prefix) => pathname.startsWith(prefix) || pathname === prefix.slice(0, -1));
}

export interface WebApp {
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

export interface WebOptions {
  /** next dev (compiles on request, reloads on change) instead of the production build */
  dev?: boolean;
  dir?: string;
}

function quietNext(): void {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
}

export async function prepareWebApp(options: WebOptions & { hostname: string; port: number }): Promise<WebApp> {
  quietNext();
  const dir = options.dir ?? WEB_DIR;
  const { default: createNext } = await import("next");
  const app = createNext({ dev: options.dev ?? false, dir, hostname: options.hostname, port: options.port });
  await app.prepare();
  const handler = app.getRequestHandler();
  return {
    handle: (request, response) => handler(request, response),
    close: () => app.close(),
  };
}

/** Sources whose change needs a new production build. */
const SOURCE_ENTRIES = ["app", "src/ui", "public", "next.config.ts", "package.json"];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when there is no production build or a source changed after it was made. */
export function isWebBuildStale(dir = WEB_DIR): boolean {
  const buildId = join(dir, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return SOURCE_ENTRIES.some((entry) => newestMtime(join(dir, entry)) > builtAt);
}

/** Runs `next build` in the web folder; its output goes to stderr (stdout may be a `--json` reader's). */
export function buildWebApp(dir = WEB_DIR, quiet = false): Promise<void> {
  quietNext();
  const nextBin = createRequire(join(dir, "package.json")).resolve("next/dist/bin/next");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: dir,
      stdio: quiet ? "ignore" : ["ignore", 2, 2],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`next build 失败 / next build failed (exit ${code})`)),
    );
  });
}

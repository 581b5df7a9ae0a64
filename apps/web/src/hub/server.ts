/**
 * The hub process: the HTTP API and push callbacks, and in embedded mode the scheduler, on one database.
 * The Next.js console and portal will be mounted in front of this router later; this file only wires things.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CrawlerRuntime,
  type CrawlerRuntimeOptions,
  createCrawlerRuntime,
  createLogger,
  type Logger,
  type Scheduler,
  type SchedulerOptions,
  startScheduler,
} from "@qnzs/crawlers";
import type { Database } from "@qnzs/db";
import { createLocalOperations } from "../operations/local.ts";
import { type HubOperations, OperationError } from "../operations/types.ts";
import { HttpError, hasBearer, sendJson } from "./http.ts";
import { createAdminToken, removeHubFile, writeHubFile } from "./hub-file.ts";
import { matchRoute, type Route } from "./router.ts";
import { buildRoutes } from "./routes.ts";

export interface HubOptions {
  database: Database;
  /** 3000 unless told; 0 picks a free port */
  port?: number;
  host?: string;
  /** the admin token; a random one by default */
  token?: string;
  /** run the scheduler in this process (embedded mode); false for tests that crawl by hand */
  scheduler?: boolean | SchedulerOptions;
  runtime?: CrawlerRuntimeOptions;
  /** write hub.json here so CLI commands go through this hub; null: do not */
  hubFileDir?: string | null;
  logger?: Logger;
}

export interface RunningHub {
  url: string;
  port: number;
  token: string;
  runtime: CrawlerRuntime;
  operations: HubOperations;
  close(): Promise<void>;
}

export async function startHub(options: HubOptions): Promise<RunningHub> {
  const logger = options.logger ?? createLogger();
  const runtime = createCrawlerRuntime(options.database, { logger, ...options.runtime });
  const host = options.host ?? "127.0.0.1";
  const token = options.token ?? createAdminToken();
  // routes exist once the address is known; nobody can call before that, as nobody knows the address yet
  let routes: Route[] = [];
  const server = createServer((request, response) => {
    void handle(routes, token, logger, request, response);
  });
  await listen(server, options.port ?? 3000, host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const operations = createLocalOperations(runtime, `hub ${url}`);
  routes = buildRoutes(operations, runtime);

  let scheduler: Scheduler | null = null;
  if (options.scheduler !== false) {
    scheduler = startScheduler(runtime, {
      ...(typeof options.scheduler === "object" ? options.scheduler : {}),
      onEvent: (event) => {
        if (event.type === "end" && event.outcome.status !== "busy") {
          const { outcome } = event;
          logger.info(
            {
              accountId: outcome.accountId,
              kind: outcome.kind,
              seen: outcome.itemsSeen,
              new: outcome.itemsNew,
              errorKind: outcome.errorKind,
            },
            "crawl run ended",
          );
        }
      },
    });
  }
  const hubFileDir = options.hubFileDir ?? null;
  if (hubFileDir) writeHubFile(hubFileDir, { url, token, pid: process.pid, startedAt: new Date().toISOString() });

  let closed = false;
  return {
    url,
    port,
    token,
    runtime,
    operations,
    async close() {
      if (closed) return;
      closed = true;
      if (hubFileDir) removeHubFile(hubFileDir);
      await scheduler?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

async function handle(
  routes: Route[],
  token: string,
  logger: Logger,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://hub.local");
  try {
    const match = matchRoute(routes, request.method ?? "GET", url.pathname);
    if (match === null) throw new HttpError(404, "没有这个接口 / not found");
    if (match === "wrong_method") throw new HttpError(405, "不支持的请求方法 / method not allowed");
    if (match.route.auth && !hasBearer(request, token)) {
      throw new HttpError(401, "需要管理令牌 / admin token required");
    }
    await match.route.handle({ request, response, url, params: match.params });
  } catch (error) {
    const status = error instanceof HttpError || error instanceof OperationError ? error.status : 500;
    if (status >= 500)
      logger.error(
        { path: url.pathname, err: error instanceof Error ? error.message : String(error) },
        "request failed",
      );
    if (response.headersSent) {
      response.end();
      return;
    }
    const message = status >= 500 ? "服务器内部错误 / internal error" : (error as Error).message;
    sendJson(response, status, { error: message });
  }
}

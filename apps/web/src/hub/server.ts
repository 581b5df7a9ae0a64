/**
 * The hub process: the HTTP API and push callbacks, and in embedded mode the scheduler, on one database.
 * With `web`, the Next.js console and portal share the port: the router answers /api, /open311, /feeds and push
 * callbacks, Next everything else. This file only wires things.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ensureCaseSeeds } from "@qnzs/core/cases/seed";
import {
  type CrawlerRuntime,
  type CrawlerRuntimeOptions,
  createLogger,
  type Logger,
  type Scheduler,
  type SchedulerOptions,
  startScheduler,
} from "@qnzs/crawlers";
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from "@qnzs/crawlers/outbox/index";
import type { Database } from "@qnzs/db";
import { listCaseOperations } from "../api/cases-routes.ts";
import { buildFeedRoutes } from "../api/feed-routes.ts";
import { buildOAuthRoutes } from "../api/oauth-routes.ts";
import { listPublishOperations } from "../api/publish-operations.ts";
import { createPublishing, type PublishingOptions } from "../api/publishing.ts";
import { createLocalOperations } from "../operations/local.ts";
import { type HubOperations, OperationError } from "../operations/types.ts";
import { createWebServices } from "../services/web-services.ts";
import { createHubRuntime, startSupervision } from "./case-wiring.ts";
import { setHubContext } from "./context.ts";
import { HttpError, hasBearer, sendJson } from "./http.ts";
import { createAdminToken, removeHubFile, writeHubFile } from "./hub-file.ts";
import { isHubPath, prepareWebApp, type WebApp, type WebOptions } from "./next-app.ts";
import { matchRoute, type Route } from "./router.ts";
import { buildRoutes } from "./routes.ts";
import { startStatisticsRefresh } from "./statistics-refresh.ts";

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
  /** the portal's public address, public numbers left unmasked, webhook hosts (api/publishing.ts) */
  publishing?: PublishingOptions;
  /** run the outbox worker in this process; on when the scheduler is (embedded mode) unless told */
  outbox?: boolean | OutboxWorkerOptions;
  /** the hub's clock, for tests that move time (never settable over HTTP); the wall clock by default */
  now?: () => Date;
  /** supervision (督办) of case deadlines, every minute unless told; false: none (tests that supervise by hand) */
  supervision?: false | { intervalMs?: number };
  /** serve the console and portal (Next.js) on the same port; off by default (API-only tests) */
  web?: WebOptions | boolean;
}

export interface RunningHub {
  url: string;
  port: number;
  token: string;
  runtime: CrawlerRuntime;
  operations: HubOperations;
  /** the outbox worker: looping in embedded mode; tests run its passes by hand */
  outbox: OutboxWorker;
  close(): Promise<void>;
}

export async function startHub(options: HubOptions): Promise<RunningHub> {
  const logger = options.logger ?? createLogger();
  const runtime = createHubRuntime(options.database, {
    logger,
    ...options.runtime,
    ...(options.now ? { now: options.now } : {}),
  });
  // the first start of an empty database: the org tree cases are routed through, and the holiday calendar
  await ensureCaseSeeds(options.database.db);
  const host = options.host ?? "127.0.0.1";
  const token = options.token ?? createAdminToken();
  // routes exist once the address is known; nobody can call before that, as nobody knows the address yet
  let routes: Route[] = [];
  let web: WebApp | null = null;
  const webStarting = Boolean(options.web);
  const server = createServer((request, response) => {
    const pathname = (request.url ?? "/").split("?")[0]!;
    if (webStarting && !web && !isHubPath(pathname)) {
      // the API answers while Next prepares (next dev compiles first); pages ask to be reloaded shortly
      response.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": "5" });
      response.end("青年之声正在启动，请稍后刷新 / starting, reload shortly");
      return;
    }
    if (web && !isHubPath(pathname)) {
      // the address login rate limiting counts by: the socket's, never a header the client could have sent
      request.headers["x-qnzs-client-address"] = request.socket.remoteAddress ?? "unknown";
      web.handle(request, response).catch((error: unknown) => {
        logger.error({ path: pathname, err: error instanceof Error ? error.message : String(error) }, "page failed");
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
      return;
    }
    void handle(routes, token, logger, request, response);
  });
  await listen(server, options.port ?? 3000, host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const publishing = createPublishing(runtime, url, options.publishing);
  await publishing.seedWordLists();
  if (options.web) {
    // before any background work starts, so a failure here leaves nothing running
    try {
      setHubContext({ database: options.database, services: createWebServices(options.database, publishing) });
      web = await prepareWebApp({ ...(options.web === true ? {} : options.web), hostname: host, port });
    } catch (error) {
      setHubContext(null);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw error;
    }
  }
  const operations = createLocalOperations(runtime, `hub ${url}`);
  routes = [
    ...buildRoutes(operations, runtime, [
      ...listCaseOperations({ approveAnswer: publishing.approveAnswer }),
      ...listPublishOperations(() => publishing),
    ]),
    ...buildFeedRoutes(publishing),
    ...buildOAuthRoutes(runtime),
  ];
  const outboxOptions = typeof options.outbox === "object" ? options.outbox : {};
  const outbox = createOutboxWorker(runtime, {
    portalUrlFor: publishing.portalUrlFor,
    webhooks: { allowedHosts: publishing.webhookAllowedHosts },
    ...outboxOptions,
  });
  if (options.outbox === undefined ? options.scheduler !== false : options.outbox !== false) outbox.start();

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
  const supervision =
    options.supervision === false
      ? null
      : startSupervision(options.database.db, {
          now: runtime.now,
          logger,
          intervalMs: options.supervision?.intervalMs,
        });
  const statistics = startStatisticsRefresh(options.database, { logger });
  const hubFileDir = options.hubFileDir ?? null;
  if (hubFileDir) writeHubFile(hubFileDir, { url, token, pid: process.pid, startedAt: new Date().toISOString() });

  let closed = false;
  return {
    url,
    port,
    token,
    runtime,
    operations,
    outbox,
    async close() {
      if (closed) return;
      closed = true;
      if (hubFileDir) removeHubFile(hubFileDir);
      await scheduler?.stop();
      await outbox.stop();
      await supervision?.stop();
      await statistics?.stop();
      if (web) {
        await web.close();
        setHubContext(null);
      }
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

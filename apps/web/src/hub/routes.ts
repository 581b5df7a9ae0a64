/**
 * The hub's API. Handlers only translate HTTP to operations and back; the work is in operations/ and channels/.
 */
import type { ImportRecord } from "@qnzs/core/import/index";
import type { CrawlerRuntime } from "@qnzs/crawlers";
import { CATEGORIES } from "@qnzs/db/schema";
import { z } from "zod";
import { buildCaseAdminRoutes } from "../api/case-admin-routes.ts";
import { buildApiRoutes } from "../api/cases-routes.ts";
import { buildOpen311Routes } from "../api/open311-routes.ts";
import type { AnyOperation } from "../api/operation.ts";
import { receiveCallback } from "../channels/receive-callback.ts";
import { type HubOperations, OperationError } from "../operations/types.ts";
import { HttpError, readBody, readJson, sendJson, sendText } from "./http.ts";
import type { Route, RouteContext } from "./router.ts";

const JSON_LIMIT = 32 * 1024 * 1024;
const CALLBACK_LIMIT = 1024 * 1024;

const AddChannelSchema = z.object({
  kind: z.string().min(1),
  name: z.string().min(1),
  options: z.record(z.string(), z.unknown()).default({}),
  schedule: z.string().nullable().optional(),
  orgId: z.number().int().nullable().optional(),
  update: z.boolean().optional(),
});

const CrawlSchema = z.object({ accountId: z.number().int().positive().optional() });

const ImportSchema = z.object({
  records: z.array(
    z.union([
      z.object({ ok: z.literal(true), channel: z.string(), item: z.record(z.string(), z.unknown()) }),
      z.object({ ok: z.literal(false), channel: z.string().nullable(), raw: z.unknown(), reason: z.string() }),
    ]),
  ),
});

const SearchSchema = z.object({
  text: z.string(),
  limit: z.number().int().min(0).max(1000).optional(),
  offset: z.number().int().min(0).optional(),
  filters: z
    .object({
      channel: z.array(z.string()).optional(),
      category: z.array(z.enum(CATEGORIES)).optional(),
      region: z.string().optional(),
      isQuestion: z.boolean().optional(),
    })
    .optional(),
});

async function parseBody<T>(context: RouteContext, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await readJson(context.request, JSON_LIMIT));
  if (!parsed.success) throw new HttpError(400, `请求格式不符 / invalid request: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function buildRoutes(
  operations: HubOperations,
  runtime: CrawlerRuntime,
  /** the JSON API's operations (cases, publishing), documented at /api/openapi.json */
  apiOperations: readonly AnyOperation[],
): Route[] {
  const callback = async (context: RouteContext) => {
    const accountId = Number(context.params.id);
    if (!Number.isSafeInteger(accountId) || accountId <= 0) {
      sendText(context.response, 404, "Not Found");
      return;
    }
    const body = await readBody(context.request, CALLBACK_LIMIT);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(context.request.headers)) {
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const reply = await receiveCallback(runtime, accountId, {
      method: context.request.method ?? "GET",
      url: context.url,
      headers,
      body: body.toString("utf8"),
    });
    context.response.writeHead(reply.status, reply.headers ?? {});
    context.response.end(reply.body);
  };

  return [
    {
      method: "GET",
      pattern: "/api/health",
      auth: false,
      handle: async ({ response }) => sendJson(response, 200, { ok: true, service: "qnzs-hub", pid: process.pid }),
    },
    { method: "GET", pattern: "/api/channels/:id/callback", auth: false, handle: callback },
    { method: "POST", pattern: "/api/channels/:id/callback", auth: false, handle: callback },
    {
      method: "GET",
      pattern: "/api/channels",
      auth: true,
      handle: async ({ response }) => sendJson(response, 200, await operations.listChannels()),
    },
    {
      method: "POST",
      pattern: "/api/channels",
      auth: true,
      handle: async (context) => {
        const input = await parseBody(context, AddChannelSchema);
        sendJson(context.response, 201, await operations.addChannel(input));
      },
    },
    {
      method: "POST",
      pattern: "/api/crawl",
      auth: true,
      handle: async (context) => {
        const input = await parseBody(context, CrawlSchema);
        // progress streams as JSON lines while the crawl runs; the last line is the summary (or the error)
        const { response } = context;
        response.writeHead(200, { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" });
        const line = (value: unknown) => response.write(`${JSON.stringify(value)}\n`);
        try {
          const summary = await operations.crawl(input, (event) => line({ event }));
          line({ summary });
        } catch (error) {
          const status = error instanceof OperationError ? error.status : 500;
          line({ error: error instanceof Error ? error.message : String(error), status });
        }
        response.end();
      },
    },
    {
      method: "POST",
      pattern: "/api/import",
      auth: true,
      handle: async (context) => {
        const input = await parseBody(context, ImportSchema);
        sendJson(context.response, 200, await operations.importRecords(input.records as ImportRecord[]));
      },
    },
    {
      method: "POST",
      pattern: "/api/search",
      auth: true,
      handle: async (context) => {
        const input = await parseBody(context, SearchSchema);
        sendJson(context.response, 200, await operations.search(input));
      },
    },
    {
      method: "GET",
      pattern: "/api/stats",
      auth: true,
      handle: async ({ response }) => sendJson(response, 200, await operations.stats()),
    },
    ...buildApiRoutes(runtime, apiOperations),
    ...buildOpen311Routes(runtime),
    ...buildCaseAdminRoutes(operations),
  ];
}

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), so 12345/12355 platforms and other apps can file
 * questions and follow them: a request is a case with source `open311`, `service_code` its category, and its
 * `service_request_id` the case's public code. JSON only; POSTs may be form-encoded, as Open311 clients send them.
 *
 * Deliberate limits: `api_key` is accepted and not checked yet (filing is as open as the portal's form);
 * `lat`/`long` are not geocoded (the place comes from `address_string` and the text); and requests are listed
 * only by their ids — a case code is the asker's key to rate the answer, so the hub never lists codes it was not
 * given.
 */
import type { ServerResponse } from "node:http";
import { CaseError } from "@qnzs/core/cases/errors";
import { submitQuestion } from "@qnzs/core/cases/intake";
import type { CrawlerRuntime } from "@qnzs/crawlers";
import { CATEGORIES } from "@qnzs/db/schema";
import { z } from "zod";
import { HttpError, readBody, sendJson } from "../hub/http.ts";
import type { Route, RouteContext } from "../hub/router.ts";
import { describeServiceRequest, formatBeijing, type Open311ServiceRequest, SERVICE_NAMES } from "./open311-view.ts";

const BASE = "/open311/v2";
const BODY_LIMIT = 64 * 1024;
const MAX_IDS = 50;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional());

/** What a client files; unknown fields (api_key, lat, long, media_url …) are accepted and dropped. */
const RequestSchema = z.object({
  service_code: z.enum(CATEGORIES, { error: `service_code 须为 ${CATEGORIES.join("、")} 之一 / unknown service_code` }),
  description: z
    .string({ error: "缺少 description / description is required" })
    .trim()
    .min(5, "description 至少 5 个字 / describe the question")
    .max(4000),
  address_string: optionalText(200),
  email: z.preprocess(
    blankToUndefined,
    z.string().trim().email("email 格式不正确 / invalid email").max(100).optional(),
  ),
  phone: optionalText(30),
  first_name: optionalText(50),
  last_name: optionalText(50),
  device_id: optionalText(100),
});

/** An Open311 error: a list of {code, description}. */
function sendError(response: ServerResponse, status: number, description: string): void {
  sendJson(response, status, [{ code: status, description }]);
}

function describeFailure(error: unknown): { status: number; description: string } | null {
  if (error instanceof CaseError || error instanceof HttpError)
    return { status: error.status, description: error.message };
  return null;
}

/** The asker's name as one string: 张 + 三 for Chinese names, "Ada Lovelace" for others. */
function joinName(first: string | undefined, last: string | undefined): string | undefined {
  if (!first || !last) return first ?? last;
  return /[\u4e00-\u9fff]/.test(first + last) ? `${last}${first}` : `${first} ${last}`;
}

async function readFields(context: RouteContext): Promise<unknown> {
  const type = (context.request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  const body = (await readBody(context.request, BODY_LIMIT)).toString("utf8");
  if (type === "application/json") {
    try {
      return JSON.parse(body || "{}");
    } catch {
      throw new HttpError(400, "请求体不是有效的 JSON / body is not JSON");
    }
  }
  if (type === "" || type === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(body));
  throw new HttpError(415, "请以 application/x-www-form-urlencoded 或 JSON 提交 / send a form or JSON");
}

/** The `.json` file of a path segment (`QN250901-….json` → `QN250901-…`); null for other formats. */
function stripJson(segment: string | undefined): string | null {
  return segment?.endsWith(".json") ? segment.slice(0, -".json".length) : null;
}

export function buildOpen311Routes(runtime: CrawlerRuntime): Route[] {
  const db = runtime.database.db;
  const guarded =
    (work: (context: RouteContext) => Promise<void>) =>
    async (context: RouteContext): Promise<void> => {
      try {
        await work(context);
      } catch (error) {
        const failure = describeFailure(error);
        if (!failure) {
          runtime.logger.error(
            { path: context.url.pathname, err: error instanceof Error ? error.message : String(error) },
            "open311 failed",
          );
        }
        sendError(context.response, failure?.status ?? 500, failure?.description ?? "服务器内部错误 / internal error");
      }
    };

  return [
    {
      method: "GET",
      pattern: `${BASE}/discovery.json`,
      auth: false,
      handle: guarded(async ({ request, response }) => {
        const host = request.headers.host ?? "127.0.0.1";
        sendJson(response, 200, {
          changeset: "2025-09-01T00:00:00+08:00",
          contact: "青年之声 12355 青少年服务台",
          key_service: "暂不需要 API key：api_key 可省略 / no API key is required yet; api_key is ignored",
          endpoints: [
            {
              specification: "http://wiki.open311.org/GeoReport_v2",
              url: `http://${host}${BASE}`,
              changeset: "2025-09-01T00:00:00+08:00",
              type: "production",
              formats: ["application/json"],
            },
          ],
        });
      }),
    },
    {
      method: "GET",
      pattern: `${BASE}/services.json`,
      auth: false,
      handle: guarded(async ({ response }) => {
        sendJson(
          response,
          200,
          CATEGORIES.map((code) => ({
            service_code: code,
            service_name: SERVICE_NAMES[code].name,
            description: SERVICE_NAMES[code].description,
            metadata: false,
            type: "realtime",
            keywords: SERVICE_NAMES[code].keywords,
            group: "青年之声",
          })),
        );
      }),
    },
    {
      method: "POST",
      pattern: `${BASE}/requests.json`,
      auth: false,
      handle: guarded(async (context) => {
        const parsed = RequestSchema.safeParse(await readFields(context));
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          sendError(context.response, 400, `${issue.path.join(".") || "request"}: ${issue.message}`);
          return;
        }
        const input = parsed.data;
        const { case: row } = await submitQuestion(
          db,
          {
            source: "open311",
            description: input.description,
            category: input.service_code,
            ...(input.address_string ? { address: input.address_string } : {}),
            contact: {
              name: joinName(input.first_name, input.last_name),
              phone: input.phone,
              email: input.email,
              deviceId: input.device_id,
            },
          },
          { now: runtime.now() },
        );
        // the contact is stored with the case and never echoed
        sendJson(context.response, 201, [
          {
            service_request_id: row.code,
            service_notice: row.dueAt ? `预计 ${formatBeijing(row.dueAt).slice(0, 16).replace("T", " ")} 前答复` : null,
            account_id: null,
          },
        ]);
      }),
    },
    {
      method: "GET",
      pattern: `${BASE}/requests.json`,
      auth: false,
      handle: guarded(async ({ url, response }) => {
        const ids = (url.searchParams.get("service_request_id") ?? "")
          .split(",")
          .map((id) => id.trim())
          .filter(Boolean);
        if (ids.length === 0) {
          sendError(response, 400, "请提供 service_request_id（可用逗号分隔多个） / give service_request_id");
          return;
        }
        if (ids.length > MAX_IDS) {
          sendError(response, 400, `一次最多查询 ${MAX_IDS} 个 / at most ${MAX_IDS} ids`);
          return;
        }
        const found: Open311ServiceRequest[] = [];
        for (const id of new Set(ids)) {
          const request = await describeServiceRequest(db, id);
          if (request) found.push(request);
        }
        sendJson(response, 200, found);
      }),
    },
    {
      method: "GET",
      pattern: `${BASE}/requests/:file`,
      auth: false,
      handle: guarded(async ({ params, response }) => {
        const id = stripJson(params.file);
        const request = id ? await describeServiceRequest(db, id) : null;
        if (!request) {
          sendError(response, 404, `诉求 ${id ?? params.file} 不存在 / no such service request`);
          return;
        }
        sendJson(response, 200, [request]);
      }),
    },
  ];
}

/**
 * The OpenAPI 3.1 document of the JSON API, generated from the operation definitions the routes are built from
 * (zod v4's JSON Schema output is draft 2020-12, which OpenAPI 3.1 uses as is). Responses refer to the named
 * schemas in components; request bodies and parameters are inlined, read as a client writes them (`io: input`:
 * fields with defaults are optional).
 */
import { z } from "zod";
import { SESSION_COOKIE } from "../auth/cookie.ts";
import type { AnyOperation } from "./operation.ts";
import { API_SCHEMAS } from "./schemas.ts";

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
  /** every operation needs a user (either scheme) unless it says `security: []` */
  security: Record<string, string[]>[];
}

const TAGS = [
  { name: "me", description: "当前用户 / the caller" },
  { name: "cases", description: "诉求：转办、分配、督办、办结 / cases: routing, assignment, supervision, closing" },
  { name: "reassignments", description: "申请改派与审批 / reassignment requests and decisions" },
  { name: "answers", description: "答复：草稿、审核、公开 / answers: drafts, review, publication" },
  { name: "publications", description: "发件箱：各渠道发布状态、重试、取消、确认 / the outbox per target" },
  {
    name: "cross-posts",
    description: "一键多发：撰写、预览、审核、定时 / editors' standalone posts to several accounts",
  },
  { name: "sensitive-words", description: "敏感词库 / the managed word lists" },
  { name: "webhooks", description: "组织回调：签名的办理事件 / signed lifecycle events for an org's system" },
  { name: "reports", description: "考核：活跃度与满意度 / assessment" },
  { name: "public", description: "群众使用，无需登录 / for askers, no sign-in" },
];

const ERROR_STATUSES: Record<string, string> = {
  "400": "输入有误 / invalid input",
  "401": "未登录或令牌无效 / no valid token or session",
  "403": "无权访问或操作，未做任何更改 / access denied; nothing was changed",
  "404": "不存在 / not found",
  "409": "当前状态不允许 / not possible in the current state",
};

const ERROR_REF = { $ref: "#/components/schemas/Error" };

/** A schema as a plain JSON Schema object without the `$schema` marker (the document says which dialect). */
function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  // an empty registry: nothing is pulled out into local $defs, which would not resolve inside the document
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    metadata: z.registry<{ id: string }>(),
  }) as JsonSchema;
  return rest;
}

function buildComponents(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(API_SCHEMAS, {
    io: "output",
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
  });
  const components: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const { $schema: _dialect, $id: _id, ...rest } = schema as JsonSchema;
    components[name] = rest;
  }
  return components;
}

function parametersOf(operation: AnyOperation): JsonSchema[] {
  const parameters: JsonSchema[] = [];
  for (const [where, schema] of [
    ["path", operation.params],
    ["query", operation.query],
  ] as const) {
    if (!schema) continue;
    // parameters arrive as text and are read into these types
    const object = toSchema(schema, "output") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      const { description, ...rest } = property;
      parameters.push({
        name,
        in: where,
        required: where === "path" || (object.required ?? []).includes(name),
        ...(typeof description === "string" ? { description } : {}),
        schema: rest,
      });
    }
  }
  return parameters;
}

function operationObject(operation: AnyOperation): JsonSchema {
  const responseName = API_SCHEMAS.get(operation.response)?.id;
  if (!responseName) throw new Error(`${operation.operationId}: its response schema is not registered in API_SCHEMAS`);
  const status = String(operation.status ?? 200);
  const errors = Object.entries(ERROR_STATUSES).filter(([code]) => operation.access === "user" || code !== "401");
  const parameters = parametersOf(operation);
  const body = operation.body ? toSchema(operation.body, "input") : null;
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: operation.tags,
    ...(operation.access === "public" ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body
      ? {
          requestBody: {
            required: ((body.required as string[] | undefined) ?? []).length > 0,
            content: { "application/json": { schema: body } },
          },
        }
      : {}),
    responses: {
      [status]: {
        description: status === "201" ? "已创建 / created" : "成功 / done",
        content: { "application/json": { schema: { $ref: `#/components/schemas/${responseName}` } } },
      },
      ...Object.fromEntries(
        errors.map(([code, description]) => [
          code,
          { description, content: { "application/json": { schema: ERROR_REF } } },
        ]),
      ),
    },
  };
}

export function buildOpenApiDocument(operations: readonly AnyOperation[]): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const operation of operations) {
    const item = paths[operation.path] ?? {};
    item[operation.method.toLowerCase()] = operationObject(operation);
    paths[operation.path] = item;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "青年之声 hub API",
      version: "1",
      description:
        "诉求办理接口：以用户 API 令牌（Authorization: Bearer qnzs_…）或控制台会话 Cookie 认证；" +
        "错误统一为 {error: {code, message}}。Open311 GeoReport v2 接口见 /open311/v2/discovery.json。\n" +
        "Case handling. Authenticate with a user's API token or the console's session cookie (state-changing " +
        "requests with the cookie must come from the hub's own pages); errors are {error: {code, message}}.",
    },
    servers: [{ url: "/" }],
    tags: TAGS,
    paths,
    components: {
      schemas: buildComponents(),
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "用户 API 令牌（qnzs token create）/ a user's API token",
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description: "控制台会话 / console session",
        },
      },
    },
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
  };
}

import { describe, expect, it } from "vitest";
import { CASE_OPERATIONS } from "./cases-routes.ts";
import { buildOpenApiDocument } from "./openapi.ts";
import { listPublishOperations } from "./publish-operations.ts";

const REQUIRED = [
  "listCases",
  "getCase",
  "createCaseFromPosts",
  "mergeCases",
  "transferCase",
  "returnCase",
  "requestReassignment",
  "approveReassignment",
  "assignCase",
  "createAnswer",
  "submitAnswer",
  "approveAnswer",
  "rejectAnswer",
  "rateCase",
  "getReport",
  "listAnswerPublications",
  "previewAnswer",
  "retryPublication",
  "cancelPublication",
  "confirmPublication",
  "createCrossPost",
  "previewCrossPostDraft",
  "approveCrossPost",
  "listSensitiveWords",
  "addSensitiveWords",
  "registerWebhook",
];

type Json = Record<string, unknown>;

interface OperationObject {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean; schema: Json }[];
  requestBody?: { content: { "application/json": { schema: Json } } };
  responses: Record<string, { content: { "application/json": { schema: { $ref: string } } } }>;
  security?: unknown[];
}

/** Every `$ref` anywhere in a value. */
function collectRefs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, found);
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string") found.push(inner);
      else collectRefs(inner, found);
    }
  }
  return found;
}

describe("the OpenAPI document", () => {
  const document = buildOpenApiDocument([
    ...CASE_OPERATIONS,
    ...listPublishOperations(() => {
      throw new Error("the document never runs a handler");
    }),
  ]);
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      path,
      method,
      operation: operation as unknown as OperationObject,
    })),
  );
  const byId = new Map(operations.map((entry) => [entry.operation.operationId, entry]));

  it("is OpenAPI 3.1 and names every operation the issue asks for, each once", () => {
    expect(document.openapi).toBe("3.1.0");
    const ids = operations.map((entry) => entry.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of REQUIRED) expect(byId.has(id), id).toBe(true);
  });

  it("describes what each operation takes and answers, with every reference resolvable", () => {
    for (const { path, method, operation } of operations) {
      const success = Object.keys(operation.responses).find((status) => status.startsWith("2"));
      const ref = operation.responses[success!]!.content["application/json"].schema.$ref;
      expect(document.components.schemas[ref.replace("#/components/schemas/", "")], ref).toBeDefined();
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === "path");
      expect(declared.map((parameter) => parameter.name)).toEqual(pathParams);
      if (method === "post" || method === "put") {
        expect(operation.requestBody?.content["application/json"].schema.type, operation.operationId).toBe("object");
      }
    }
    const refs = collectRefs(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith("#/components/schemas/"), ref).toBe(true);
      expect(document.components.schemas[ref.slice("#/components/schemas/".length)], ref).toBeDefined();
    }
    expect(JSON.stringify(document)).not.toContain("$defs");
  });

  it("is generated from the same schemas the routes validate with", () => {
    const transfer = byId.get("transferCase")!.operation.requestBody!.content["application/json"].schema;
    expect(transfer).toMatchObject({ required: ["toOrgId", "reason"], properties: { reason: { minLength: 2 } } });
    const listQuery = byId.get("listCases")!.operation.parameters!.map((parameter) => parameter.name);
    expect(listQuery).toEqual(expect.arrayContaining(["status", "category", "orgId", "overdue", "limit"]));
    const report = byId.get("getReport")!.operation.parameters!.find((parameter) => parameter.name === "orgId");
    expect(report).toMatchObject({ in: "query", required: true, schema: { type: "integer" } });
    // the asker rates by code without signing in; everything else needs a user
    expect(byId.get("rateCase")!.operation.security).toEqual([]);
    expect(byId.get("getCase")!.operation.security).toBeUndefined();
    expect(document.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
    const caseSchema = document.components.schemas.Case as { properties: Json };
    expect(Object.keys(caseSchema.properties)).toEqual(expect.arrayContaining(["code", "status", "dueAt", "orgId"]));
  });
});

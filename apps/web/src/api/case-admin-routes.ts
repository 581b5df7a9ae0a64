/**
 * The case commands through a running hub (`qnzs org import`, `user add`, `token create`, `import-hotline`,
 * `report`): the CLI's routes, opened by the hub's admin token like /api/import. Handlers translate HTTP to the
 * HubOperations and back.
 */
import { CATEGORIES, HELPER_TYPES, ROLES } from "@qnzs/db/schema";
import { z } from "zod";
import { HttpError, readJson, sendJson } from "../hub/http.ts";
import type { Route, RouteContext } from "../hub/router.ts";
import type { HubOperations } from "../operations/types.ts";

const CSV_LIMIT = 32 * 1024 * 1024;

const CsvSchema = z.object({ csv: z.string() });

const AddUserSchema = z.object({
  username: z.string().min(1),
  displayName: z.string().optional(),
  password: z.string().optional(),
  isAdmin: z.boolean().optional(),
  roles: z.array(z.object({ org: z.string().min(1), role: z.enum(ROLES) })).default([]),
  helper: z
    .object({ type: z.enum(HELPER_TYPES), categories: z.array(z.enum(CATEGORIES)), capacity: z.number().int() })
    .optional(),
});

const TokenSchema = z.object({ username: z.string().min(1), name: z.string().min(1).optional() });

const ReportSchema = z.object({ org: z.string().min(1), from: z.string().optional(), to: z.string().optional() });

async function parseBody<T>(context: RouteContext, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await readJson(context.request, CSV_LIMIT));
  if (!parsed.success) throw new HttpError(400, `请求格式不符 / invalid request: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function buildCaseAdminRoutes(operations: HubOperations): Route[] {
  const post = <T>(pattern: string, schema: z.ZodType<T>, work: (input: T) => Promise<unknown>): Route => ({
    method: "POST",
    pattern,
    auth: true,
    handle: async (context) => sendJson(context.response, 200, await work(await parseBody(context, schema))),
  });
  return [
    post("/api/admin/orgs/import", CsvSchema, ({ csv }) => operations.importOrgs(csv)),
    post("/api/admin/users", AddUserSchema, (input) => operations.addUser(input)),
    post("/api/admin/tokens", TokenSchema, (input) => operations.createApiToken(input)),
    post("/api/admin/hotline/import", CsvSchema, ({ csv }) => operations.importHotlineRecords(csv)),
    post("/api/admin/reports/assessment", ReportSchema, (input) => operations.buildAssessmentReport(input)),
  ];
}

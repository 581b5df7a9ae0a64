/**
 * One definition per API operation — id, method, path, schemas of what comes in and goes out, and the handler —
 * from which both the hub's routes and the OpenAPI document are made. A handler only calls the domain: the route
 * authenticates, validates path, query and body with the schemas, and serialises the result through the response
 * schema (unknown fields are dropped, so only what the document describes ever leaves).
 */
import type { Actor } from "@qnzs/core/cases/access";
import { parseInput } from "@qnzs/core/cases/errors";
import type { CrawlerRuntime } from "@qnzs/crawlers";
import type { Db } from "@qnzs/db";
import type { z } from "zod";
import { resolveActor } from "../auth/resolve-actor.ts";
import { readJson, sendJson } from "../hub/http.ts";
import type { Route, RouteContext } from "../hub/router.ts";
import { sendApiError, Unauthenticated } from "./api-errors.ts";

/** "user": a signed-in user (token or session); "public": anyone (the asker rating by code, the document). */
export type Access = "user" | "public";
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

const BODY_LIMIT = 1024 * 1024;

export interface OperationCall<A extends Access, Params, Query, Body> {
  actor: A extends "user" ? Actor : null;
  params: Params;
  query: Query;
  body: Body;
  db: Db;
  /** the hub's clock: the wall clock, or the one a test moves */
  now: Date;
}

export interface OperationDefinition<
  A extends Access = Access,
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI style, `{name}` for path parameters */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  /** a schema registered in API_SCHEMAS: the document refers to it by name */
  response: R;
  /** 200 unless told */
  status?: 200 | 201;
  // method syntax: definitions with their own schemas fit in one list of operations
  handle(call: OperationCall<A, z.output<P>, z.output<Q>, z.output<B>>): Promise<unknown>;
}

export type AnyOperation = OperationDefinition;

/** Keeps a definition's types while it is written; the list of operations erases them. */
export function defineOperation<
  A extends Access,
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
>(definition: OperationDefinition<A, P, Q, B, R>): AnyOperation {
  return definition as unknown as AnyOperation;
}

export function routePattern(path: string): string {
  return path.replace(/\{(\w+)\}/g, ":$1");
}

export function buildOperationRoutes(operations: readonly AnyOperation[], runtime: CrawlerRuntime): Route[] {
  return operations.map((operation) => ({
    method: operation.method,
    pattern: routePattern(operation.path),
    // not the admin token: these routes resolve their own caller (a user), or are public
    auth: false,
    handle: (context) => runOperation(operation, runtime, context),
  }));
}

async function runOperation(operation: AnyOperation, runtime: CrawlerRuntime, context: RouteContext): Promise<void> {
  try {
    const db = runtime.database.db;
    const now = runtime.now();
    const actor = operation.access === "user" ? await requireActor(db, context) : null;
    const params = operation.params ? parseInput(operation.params, context.params) : {};
    const query = operation.query ? parseInput(operation.query, readQuery(context.url.searchParams)) : {};
    const body = operation.body ? parseInput(operation.body, await readJson(context.request, BODY_LIMIT)) : undefined;
    const result = await operation.handle({ actor, params, query, body, db, now });
    // through JSON first: dates become ISO strings, as the response schema describes them
    const payload = operation.response.parse(JSON.parse(JSON.stringify(result)));
    sendJson(context.response, operation.status ?? 200, payload);
  } catch (error) {
    sendApiError(context.response, error, runtime.logger, context.url.pathname);
  }
}

/** The signed-in caller (API token or console session, both read by the one resolveActor), or 401. */
async function requireActor(db: Db, context: RouteContext): Promise<Actor> {
  const actor = await resolveActor(db, context.request);
  if (!actor) throw new Unauthenticated();
  return actor;
}

/** A query string as an object: a repeated name becomes a list (`status=a&status=b`). */
export function readQuery(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    query[name] = values.length > 1 ? values : values[0]!;
  }
  return query;
}

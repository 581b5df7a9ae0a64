/**
 * Errors of the publishing API as `{error: {code, message}}`, like the rest of the JSON API: the domain's typed
 * errors keep their status and code, HTTP mistakes theirs; a sensitive-word block carries every hit (word,
 * category, field, offsets), so the editor sees what to change. Anything else goes to the hub's handler (500).
 */
import type { ServerResponse } from "node:http";
import { CaseError, InvalidInput } from "@qnzs/core/cases/errors";
import { SensitiveWordsFound } from "@qnzs/core/publish/index";
import { z } from "zod";
import { HttpError, readJson, sendJson } from "../hub/http.ts";
import type { Route, RouteContext } from "../hub/router.ts";

const JSON_LIMIT = 1024 * 1024;

/** A route whose domain errors become JSON answers; everything else goes to the hub's handler (500). */
export function domainRoute(method: string, pattern: string, auth: boolean, handle: Route["handle"]): Route {
  return {
    method,
    pattern,
    auth,
    async handle(context) {
      try {
        await handle(context);
      } catch (error) {
        if (error instanceof CaseError) sendCaseError(context.response, error);
        else if (error instanceof HttpError)
          sendJson(context.response, error.status, errorBody(httpCode(error), error.message));
        else throw error;
      }
    },
  };
}

export function sendCaseError(response: ServerResponse, error: CaseError): void {
  const extra: Record<string, unknown> = {};
  if (error instanceof SensitiveWordsFound) {
    extra.hits = error.hits.map(({ word, category, matched, field, start, end }) => ({
      word,
      category,
      matched,
      field,
      start,
      end,
    }));
  }
  if (error instanceof InvalidInput) extra.issues = error.issues;
  sendJson(response, error.status, errorBody(error.code, error.message, extra));
}

function errorBody(code: string, message: string, extra: Record<string, unknown> = {}) {
  return { error: { code, message, ...extra } };
}

const HTTP_CODES: Record<number, string> = {
  400: "invalid_input",
  401: "unauthenticated",
  403: "access_denied",
  404: "not_found",
  413: "payload_too_large",
};

function httpCode(error: HttpError): string {
  return HTTP_CODES[error.status] ?? "error";
}

export async function parseJson<T>(context: RouteContext, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await readJson(context.request, JSON_LIMIT));
  if (!parsed.success) throw new HttpError(400, `请求格式不符 / invalid request: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function idParam(context: RouteContext, name = "id"): number {
  const value = Number(context.params[name]);
  if (!Number.isSafeInteger(value) || value <= 0) throw new HttpError(404, "没有这个对象 / not found");
  return value;
}

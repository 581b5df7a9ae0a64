/**
 * Errors of the JSON API as `{error: {code, message}}` with the status they stand for: the domain's typed errors
 * keep theirs (400, 403, 404, 409), HTTP mistakes theirs (401, 413 …), anything else is a logged 500 that tells the
 * caller nothing about the inside.
 */
import type { ServerResponse } from "node:http";
import { CaseError, InvalidInput } from "@qnzs/core/cases/errors";
import { SensitiveWordsFound } from "@qnzs/core/publish/errors";
import type { Logger } from "@qnzs/crawlers";
import { CrossSiteRequest } from "../auth/resolve-actor.ts";
import { HttpError, sendJson } from "../hub/http.ts";
import { OperationError } from "../operations/types.ts";
import type { ApiErrorBody } from "./schemas.ts";

type ErrorCode = ApiErrorBody["error"]["code"];

const CODES: Record<number, ErrorCode> = {
  400: "invalid_input",
  401: "unauthenticated",
  403: "access_denied",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/** 401: no credentials, or ones that name nobody. */
export class Unauthenticated extends HttpError {
  constructor() {
    super(401, "请登录或提供有效的 API 令牌 / sign in or send a valid API token (Authorization: Bearer …)");
  }
}

export function describeError(error: unknown): { status: number; body: ApiErrorBody } {
  if (error instanceof CaseError) {
    const issues = error instanceof InvalidInput && error.issues.length > 0 ? { issues: error.issues } : {};
    const hits =
      error instanceof SensitiveWordsFound
        ? {
            hits: error.hits.map(({ word, category, matched, field, start, end }) => ({
              word,
              category,
              matched,
              field,
              start,
              end,
            })),
          }
        : {};
    return {
      status: error.status,
      body: { error: { code: error.code as ErrorCode, message: error.message, ...issues, ...hits } },
    };
  }
  if (error instanceof CrossSiteRequest) {
    return { status: 403, body: { error: { code: "access_denied", message: error.message } } };
  }
  if ((error instanceof HttpError || error instanceof OperationError) && CODES[error.status]) {
    return { status: error.status, body: { error: { code: CODES[error.status]!, message: error.message } } };
  }
  return { status: 500, body: { error: { code: "internal", message: "服务器内部错误 / internal error" } } };
}

export function sendApiError(response: ServerResponse, error: unknown, logger: Logger, path: string): void {
  const { status, body } = describeError(error);
  if (status >= 500) {
    logger.error({ path, err: error instanceof Error ? (error.stack ?? error.message) : String(error) }, "api failed");
  }
  if (response.headersSent) {
    response.end();
    return;
  }
  sendJson(response, status, body);
}

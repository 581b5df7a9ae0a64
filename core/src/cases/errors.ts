/**
 * Typed errors of case handling. Each carries the HTTP status an API maps it to, and a message shown to users
 * (Chinese first, English after a slash so logs and API clients can read it too).
 */
import type { z } from "zod";

export abstract class CaseError extends Error {
  abstract readonly status: 400 | 403 | 404 | 409;
  abstract readonly code: string;
}

/** 400: the input is malformed or names something impossible (a rating of 7, an empty reason). */
export class InvalidInput extends CaseError {
  readonly status = 400;
  readonly code = "invalid_input";
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** 403: the actor may not see or change this. Nothing was changed. */
export class AccessDenied extends CaseError {
  readonly status = 403;
  readonly code = "access_denied";
  constructor(message = "无权访问或操作此诉求 / access denied") {
    super(message);
  }
}

/** 404: no such case, org, user, answer or request. */
export class NotFound extends CaseError {
  readonly status = 404;
  readonly code = "not_found";
  constructor(what: string) {
    super(`${what}不存在 / not found`);
  }
}

/** 409: allowed in general, but not in the current state (answering a closed case, a second pending request). */
export class Conflict extends CaseError {
  readonly status = 409;
  readonly code = "conflict";
}

/** Validates `input` with `schema`, throwing InvalidInput with every issue. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; ");
  throw new InvalidInput(`输入有误 / invalid input: ${summary}`, issues);
}

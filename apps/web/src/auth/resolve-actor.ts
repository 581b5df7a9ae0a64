/**
 * Who is calling: the one place every page and API route asks. A Bearer API token (scripts, the CLI) or the
 * console's session cookie; a cookie-authenticated state-changing request must pass the origin check (csrf.ts).
 */
import type { IncomingMessage } from "node:http";
import type { Actor } from "@qnzs/core/cases/access";
import { authenticateToken } from "@qnzs/core/cases/users";
import type { Db } from "@qnzs/db";
import { readCookie, SESSION_COOKIE } from "./cookie.ts";
import { isSafeMethod, isSameOriginRequest } from "./csrf.ts";
import { findSessionActor } from "./sessions.ts";

export interface ActorRequest {
  method: string;
  header(name: string): string | null | undefined;
}

export function describeNodeRequest(request: IncomingMessage): ActorRequest {
  return {
    method: request.method ?? "GET",
    header: (name) => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

export class CrossSiteRequest extends Error {
  readonly status = 403;
  constructor() {
    super("跨站请求被拒绝 / cross-site request refused");
  }
}

export async function resolveActorFrom(db: Db, request: ActorRequest): Promise<Actor | null> {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.header("authorization") ?? "");
  if (bearer) return authenticateToken(db, bearer[1]!.trim());
  const token = readCookie(request.header("cookie") ?? undefined, SESSION_COOKIE);
  if (!token) return null;
  if (!isSafeMethod(request.method) && !isSameOriginRequest(request.header)) throw new CrossSiteRequest();
  return findSessionActor(db, token);
}

/** The actor of a node:http request (the hub's API routes). */
export function resolveActor(db: Db, request: IncomingMessage): Promise<Actor | null> {
  return resolveActorFrom(db, describeNodeRequest(request));
}

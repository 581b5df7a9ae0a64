/** A route table: method, a path pattern with `:params`, and a handler. Kept tiny on purpose; Next.js comes later. */
import type { IncomingMessage, ServerResponse } from "node:http";

export interface RouteContext {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  params: Record<string, string>;
}

export interface Route {
  method: string;
  pattern: string;
  /** false: the platform's own signature authenticates it (push callbacks, health) */
  auth: boolean;
  handle(context: RouteContext): Promise<void>;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  pathname: string,
): RouteMatch | "wrong_method" | null {
  let pathMatched = false;
  for (const route of routes) {
    const params = matchPattern(route.pattern, pathname);
    if (!params) continue;
    pathMatched = true;
    if (route.method === method) return { route, params };
  }
  return pathMatched ? "wrong_method" : null;
}

function matchPattern(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/");
  const have = pathname.replace(/\/+$/, "").split("/");
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const part = want[i]!;
    const value = have[i]!;
    if (part.startsWith(":")) {
      if (!value) return null;
      params[part.slice(1)] = decodeURIComponent(value);
    } else if (part !== value) return null;
  }
  return params;
}

/**
 * GET /api/oauth/{kind}/callback: where a platform sends a person back after they authorised a channel account
 * (the redirect URI in the account's config). The hub completes the grant for the signed-in person who started
 * it (channels/reauthorize.ts) and returns them to the monitor, which says how it went.
 */
import type { ServerResponse } from "node:http";
import { CaseError } from "@qnzs/core/cases/errors";
import type { CrawlerRuntime } from "@qnzs/crawlers";
import { resolveActor } from "../auth/resolve-actor.ts";
import { completeReauthorisation } from "../channels/reauthorize.ts";
import type { Route } from "../hub/router.ts";

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { location, "cache-control": "no-store" });
  response.end();
}

export function buildOAuthRoutes(runtime: CrawlerRuntime): Route[] {
  return [
    {
      method: "GET",
      pattern: "/api/oauth/:kind/callback",
      // the person's session cookie authenticates it (a browser redirect carries no token)
      auth: false,
      async handle({ request, response, url, params }) {
        const actor = await resolveActor(runtime.database.db, request);
        if (!actor) {
          redirect(response, `/console/login?next=${encodeURIComponent(url.pathname + url.search)}`);
          return;
        }
        const query = url.searchParams;
        try {
          const accountId = await completeReauthorisation(runtime, actor, {
            kind: params.kind ?? "",
            code: query.get("code"),
            state: query.get("state"),
            error: query.get("error_description") ?? query.get("error"),
          });
          redirect(response, `/console/monitor?reauth=ok&account=${accountId}`);
        } catch (error) {
          const outcome = error instanceof CaseError ? (error.status === 403 ? "denied" : "invalid") : "failed";
          runtime.logger.warn(
            { err: error instanceof Error ? error.message : String(error) },
            "channel re-authorisation failed",
          );
          redirect(response, `/console/monitor?reauth=${outcome}`);
        }
      },
    },
  ];
}

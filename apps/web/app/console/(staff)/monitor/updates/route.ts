/**
 * GET /console/monitor/updates?<the monitor's filters>&after=<post id>: how many posts matching the same filters,
 * within the same accounts, arrived after that post. The monitor asks every few seconds (new-posts-notice.tsx).
 */
import { getServices } from "../../../../../src/hub/context.ts";
import { readMonitorParams, toSearchQuery } from "../../../../../src/ui/console/monitor-query.ts";
import { mayUse } from "../../../../../src/ui/console-areas.ts";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

export async function GET(request: Request): Promise<Response> {
  const services = getServices();
  const actor = await services.auth.currentActor({ method: "GET", header: (name) => request.headers.get(name) });
  if (!actor) return Response.json({ error: "unauthenticated" }, { status: 401, headers: NO_STORE });
  if (!mayUse(actor, "monitor")) return Response.json({ error: "access_denied" }, { status: 403, headers: NO_STORE });
  const url = new URL(request.url);
  const after = Number(url.searchParams.get("after") ?? "0");
  if (!Number.isSafeInteger(after) || after < 0) {
    return Response.json({ error: "invalid_input" }, { status: 400, headers: NO_STORE });
  }
  const query = toSearchQuery(readMonitorParams(Object.fromEntries(url.searchParams)));
  const result = await services.console.searchPosts(actor, {
    ...query,
    limit: 1,
    offset: 0,
    filters: { ...query.filters, afterId: after },
  });
  return Response.json({ count: result.total, more: result.totalIsLowerBound }, { headers: NO_STORE });
}

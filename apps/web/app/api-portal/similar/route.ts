/**
 * GET /api-portal/similar?q=… — the ask page's suggestions while a young person types: public answers and open
 * cases to join (同问), by id and masked title, never a case code. A Next route rather than a hub API operation:
 * it serves only this page, takes no credentials, and lives outside /api/, which the hub answers itself.
 * Cheap by construction (a bounded query text, a bounded window of matches) and capped at a few lookups at once,
 * so a flood of keystrokes cannot queue up work on the database.
 */
import { getServices } from "../../../src/hub/context.ts";

export const dynamic = "force-dynamic";

const MAX_QUERY_LENGTH = 300;
const MAX_RUNNING = 4;
let running = 0;

export async function GET(request: Request): Promise<Response> {
  const text = (new URL(request.url).searchParams.get("q") ?? "").slice(0, MAX_QUERY_LENGTH);
  if (running >= MAX_RUNNING) {
    return Response.json({ error: "too_many_requests" }, { status: 429, headers: { "Retry-After": "1" } });
  }
  running++;
  try {
    const found = await getServices().portal.findSimilarQuestions(text);
    return Response.json(found, { headers: { "Cache-Control": "no-store" } });
  } finally {
    running--;
  }
}

/**
 * The dashboard's report as a CSV download (UTF-8 with a byte order mark, so Excel reads the Chinese names).
 * Served only to those who may see the dashboard of that org: the session and the scope are checked here.
 */
import { getServices } from "../../../../../src/hub/context.ts";
import { readDashboardUrl } from "../../../../../src/ui/console/dashboard-query.ts";
import { mayUse } from "../../../../../src/ui/console-areas.ts";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const services = getServices();
  const actor = await services.auth.currentActor({ method: "GET", header: (name) => request.headers.get(name) });
  const plain = (status: number, text: string) =>
    new Response(text, {
      status,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  if (!actor) return plain(401, "请先登录 / sign in first");
  if (!mayUse(actor, "dashboard")) return plain(403, "无权导出 / not allowed");
  const result = await services.dashboard.exportDashboardCsv(actor, readDashboardUrl(new URL(request.url)).query);
  if (!result.ok) return plain(result.status, result.message);
  const { filename, csv } = result.value;
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

import type { Metadata } from "next";
import Link from "next/link";
import { getServices } from "../../../../src/hub/context.ts";
import { ChannelHealthPanel } from "../../../../src/ui/console/channel-health.tsx";
import { MonitorFilters } from "../../../../src/ui/console/monitor-filters.tsx";
import { PAGE_SIZE, pageHref, readMonitorParams, toSearchQuery } from "../../../../src/ui/console/monitor-query.ts";
import { PostList } from "../../../../src/ui/console/post-list.tsx";
import { NoAccess } from "../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../src/ui/request-actor.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "舆情监测" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function MonitorPage({ searchParams }: Props) {
  const actor = await requireActor("/console/monitor");
  if (!mayUse(actor, "monitor")) return <NoAccess area="舆情监测" />;
  const params = readMonitorParams(await searchParams);
  const services = getServices().console;
  const [result, accounts] = await Promise.all([
    services.searchPosts(actor, toSearchQuery(params)),
    services.listChannels(actor),
  ]);
  const shownTo = params.offset + result.hits.length;
  return (
    <div className="monitor">
      <section aria-labelledby="monitor-title" className="stack">
        <h1 id="monitor-title">舆情监测</h1>
        <MonitorFilters params={params} />
        <p className="meta" role="status">
          共 {result.total.toLocaleString("zh-CN")}
          {result.totalIsLowerBound ? "+" : ""} 条{params.q ? `匹配“${params.q}”的` : ""}帖子，按时间从新到旧
          {result.hits.length > 0 ? `，显示第 ${params.offset + 1}–${shownTo} 条` : ""}
        </p>
        <PostList hits={result.hits} />
        <nav aria-label="分页" className="pager">
          {params.offset > 0 ? (
            <Link href={pageHref(params, Math.max(0, params.offset - PAGE_SIZE))}>上一页</Link>
          ) : null}
          {shownTo < result.total ? <Link href={pageHref(params, shownTo)}>下一页</Link> : null}
        </nav>
      </section>
      <ChannelHealthPanel accounts={accounts} />
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getServices } from "../../../../src/hub/context.ts";
import { ChannelHealthPanel } from "../../../../src/ui/console/channel-health.tsx";
import { MonitorFilters } from "../../../../src/ui/console/monitor-filters.tsx";
import {
  filterQuery,
  PAGE_SIZE,
  pageHref,
  readMonitorParams,
  toSearchQuery,
} from "../../../../src/ui/console/monitor-query.ts";
import { NewPostsNotice } from "../../../../src/ui/console/new-posts-notice.tsx";
import { PostList } from "../../../../src/ui/console/post-list.tsx";
import { PostSelectionForm } from "../../../../src/ui/console/post-selection-form.tsx";
import { NoAccess } from "../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../src/ui/request-actor.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "舆情监测" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** What the OAuth callback (api/oauth-routes.ts) reports back in `?reauth=`. */
const REAUTH_OUTCOMES: Record<string, { text: string; ok: boolean }> = {
  ok: { text: "重新授权成功，下次抓取将使用新的授权。", ok: true },
  denied: { text: "重新授权失败：无权操作此账号，或授权请求不属于当前登录用户。", ok: false },
  invalid: { text: "重新授权失败：授权请求无效、已过期或被平台拒绝，请重新发起。", ok: false },
  failed: { text: "重新授权失败：与平台交换授权码时出错，请稍后重试。", ok: false },
};

export default async function MonitorPage({ searchParams }: Props) {
  const actor = await requireActor("/console/monitor");
  if (!mayUse(actor, "monitor")) return <NoAccess area="舆情监测" />;
  const raw = await searchParams;
  const params = readMonitorParams(raw);
  const services = getServices();
  // read first: a post arriving while the list is read is then announced rather than missed
  const watermark = await services.monitor.latestPostId();
  const [result, accounts] = await Promise.all([
    services.console.searchPosts(actor, toSearchQuery(params)),
    services.console.listChannels(actor),
  ]);
  const repeats = await services.monitor.listFoldedRepeats(
    actor,
    result.hits.map((hit) => hit.id),
  );
  const shownTo = params.offset + result.hits.length;
  const selectable = services.monitor.mayConvertPosts(actor);
  const reauth = typeof raw.reauth === "string" ? REAUTH_OUTCOMES[raw.reauth] : undefined;
  const reauthorisableKinds = [...new Set(accounts.map((account) => account.kind))].filter((kind) =>
    services.monitor.supportsReauthorisation(kind),
  );
  const list = <PostList hits={result.hits} repeats={repeats} selectable={selectable} />;
  return (
    <div className="monitor">
      <section aria-labelledby="monitor-title" className="stack">
        <h1 id="monitor-title">舆情监测</h1>
        {reauth ? (
          <p className={reauth.ok ? "notice ok" : "notice"} role="status">
            {reauth.text}
          </p>
        ) : null}
        <MonitorFilters params={params} accounts={accounts} regions={services.monitor.listRegions()} />
        <p className="meta" role="status">
          共 {result.total.toLocaleString("zh-CN")}
          {result.totalIsLowerBound ? "+" : ""} 条{params.q ? `匹配“${params.q}”的` : ""}帖子，
          {params.order === "relevance" && params.q ? "按相关度排序" : "按时间从新到旧"}
          {result.hits.length > 0 ? `，显示第 ${params.offset + 1}–${shownTo} 条` : ""}
          ，相似帖子已折叠
        </p>
        <NewPostsNotice query={filterQuery(params, 0)} afterId={watermark} />
        {selectable && result.hits.length > 0 ? <PostSelectionForm>{list}</PostSelectionForm> : list}
        <nav aria-label="分页" className="pager">
          {params.offset > 0 ? (
            <Link href={pageHref(params, Math.max(0, params.offset - PAGE_SIZE))}>上一页</Link>
          ) : null}
          {shownTo < result.total ? <Link href={pageHref(params, shownTo)}>下一页</Link> : null}
        </nav>
      </section>
      <ChannelHealthPanel accounts={accounts} reauthorisableKinds={reauthorisableKinds} />
    </div>
  );
}

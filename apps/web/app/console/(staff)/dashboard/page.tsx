import type { Metadata } from "next";
import Link from "next/link";
import { getServices } from "../../../../src/hub/context.ts";
import type { OrgFigures } from "../../../../src/services/dashboard-services.ts";
import { CategoryChart, TrendChart } from "../../../../src/ui/console/dashboard-charts.tsx";
import {
  type DashboardParams,
  dashboardSearch,
  PERIOD_LABELS,
  RANKINGS,
  type Ranking,
  readDashboardParams,
} from "../../../../src/ui/console/dashboard-query.ts";
import { formatDuration } from "../../../../src/ui/format.ts";
import { NoAccess } from "../../../../src/ui/no-access.tsx";
import { mayUse, requireActor } from "../../../../src/ui/request-actor.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "数据看板" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const percent = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const formatPercent = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)}%`);
const formatMinutes = (minutes: number | null) => formatDuration(minutes === null ? null : minutes * 60_000);
const formatRating = (rating: number | null) => (rating === null ? "—" : `${rating.toFixed(2)} 分`);

function onTimeShare(figures: OrgFigures) {
  return percent(figures.metrics.answeredOnTime, figures.metrics.answered);
}

const RANK_ORDER: Record<Ranking, (figures: OrgFigures) => number> = {
  activity: (figures) => figures.metrics.answered * 1e6 + figures.metrics.received,
  ontime: (figures) => onTimeShare(figures) ?? -1,
  satisfaction: (figures) => figures.detail.satisfactionRate ?? -1,
};

function Figures({ figures }: { figures: OrgFigures }) {
  const { metrics, detail } = figures;
  const items: [string, string, string?][] = [
    ["受理诉求", `${metrics.received}`, "件"],
    ["已答复", `${metrics.answered}`, "件"],
    ["按时答复率", formatPercent(onTimeShare(figures))],
    ["逾期", `${metrics.overdue}`, "件"],
    ["平均首次响应", formatMinutes(detail.averageFirstResponseMinutes)],
    ["满意率", formatPercent(detail.satisfactionRate)],
    ["平均评分", formatRating(metrics.satisfactionAverage)],
  ];
  return (
    <dl className="kpis">
      {items.map(([label, value, unit]) => (
        <div key={label} className="kpi">
          <dt>{label}</dt>
          <dd>
            {value}
            {unit && value !== "—" ? <small> {unit}</small> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function PeriodForm({ params, homes }: { params: DashboardParams; homes: { id: number; name: string }[] }) {
  const { query } = params;
  return (
    <form action="/console/dashboard" method="get" className="filters">
      {homes.length > 1 ? (
        <div className="field">
          <label htmlFor="dashboard-org">组织</label>
          <select id="dashboard-org" name="org" defaultValue={query.orgId ?? homes[0]?.id}>
            {homes.map((home) => (
              <option key={home.id} value={home.id}>
                {home.name}
              </option>
            ))}
          </select>
        </div>
      ) : query.orgId ? (
        <input type="hidden" name="org" value={query.orgId} />
      ) : null}
      <div className="field">
        <label htmlFor="dashboard-period">时间段</label>
        <select id="dashboard-period" name="period" defaultValue={query.preset}>
          {Object.entries(PERIOD_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="dashboard-from">开始日期（自定义时）</label>
        <input id="dashboard-from" type="date" name="from" defaultValue={query.from ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="dashboard-to">结束日期（自定义时）</label>
        <input id="dashboard-to" type="date" name="to" defaultValue={query.to ?? ""} />
      </div>
      {params.rank !== "activity" ? <input type="hidden" name="rank" value={params.rank} /> : null}
      <button type="submit" className="button primary">
        查看
      </button>
    </form>
  );
}

function RankingTable({ params, rows }: { params: DashboardParams; rows: OrgFigures[] }) {
  const order = RANK_ORDER[params.rank];
  const ranked = [...rows].sort((a, b) => order(b) - order(a) || a.org.id - b.org.id);
  return (
    <section className="stack" aria-labelledby="ranking-title">
      <h2 id="ranking-title">下级组织排名</h2>
      <nav aria-label="排名方式" className="tabs">
        {(Object.keys(RANKINGS) as Ranking[]).map((rank) => (
          <Link
            key={rank}
            href={`/console/dashboard${dashboardSearch(params, { rank })}`}
            aria-current={rank === params.rank ? "page" : undefined}
            className="tab"
          >
            {RANKINGS[rank]}
          </Link>
        ))}
      </nav>
      {ranked.length === 0 ? (
        <p className="empty">该组织没有下级组织。</p>
      ) : (
        <div className="table-wrap">
          <table className="cases ranking">
            <caption className="visually-hidden">下级组织排名（{RANKINGS[params.rank]}）</caption>
            <thead>
              <tr>
                <th scope="col">名次</th>
                <th scope="col">组织</th>
                <th scope="col">受理</th>
                <th scope="col">答复</th>
                <th scope="col">按时答复率</th>
                <th scope="col">逾期</th>
                <th scope="col">平均首次响应</th>
                <th scope="col">满意率</th>
                <th scope="col">平均评分</th>
              </tr>
            </thead>
            <tbody>
              {ranked.map((row, index) => (
                <tr key={row.org.id}>
                  <td>{index + 1}</td>
                  <th scope="row">
                    <Link href={`/console/dashboard${dashboardSearch(params, { orgId: row.org.id })}`}>
                      {row.org.name}
                    </Link>
                  </th>
                  <td>{row.metrics.received}</td>
                  <td>{row.metrics.answered}</td>
                  <td>{formatPercent(onTimeShare(row))}</td>
                  <td>{row.metrics.overdue}</td>
                  <td>{formatMinutes(row.detail.averageFirstResponseMinutes)}</td>
                  <td>{formatPercent(row.detail.satisfactionRate)}</td>
                  <td>{formatRating(row.metrics.satisfactionAverage)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default async function DashboardPage({ searchParams }: Props) {
  const actor = await requireActor("/console/dashboard");
  if (!mayUse(actor, "dashboard")) return <NoAccess area="数据看板" />;
  const params = readDashboardParams(await searchParams);
  const result = await getServices().dashboard.loadDashboard(actor, params.query);
  if (!result.ok) {
    return (
      <section className="stack" aria-labelledby="dashboard-title">
        <h1 id="dashboard-title">数据看板</h1>
        <PeriodForm params={params} homes={[]} />
        <p className="notice" role="alert">
          {result.message}
        </p>
      </section>
    );
  }
  const dashboard = result.value;
  const here = { ...params, query: { ...params.query, orgId: dashboard.current.org.id } };
  return (
    <section className="stack" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">数据看板 · {dashboard.current.org.name}</h1>
      <p className="meta">
        <span>
          {PERIOD_LABELS[dashboard.period.preset]}：{dashboard.period.firstDay} 至 {dashboard.period.lastDay}
          （含本级及全部下级组织）
        </span>
        {dashboard.parent ? (
          <Link href={`/console/dashboard${dashboardSearch(here, { orgId: dashboard.parent.id })}`}>
            返回上级：{dashboard.parent.name}
          </Link>
        ) : null}
        <a href={`/console/dashboard/export${dashboardSearch(here)}`} download className="button secondary">
          导出 CSV
        </a>
      </p>
      <PeriodForm params={here} homes={dashboard.homes} />
      <Figures figures={dashboard.current} />
      <div className="chart-grid">
        <TrendChart trend={dashboard.trend} bucketDays={dashboard.period.bucketDays} />
        <CategoryChart categories={dashboard.categories} />
      </div>
      <RankingTable params={here} rows={dashboard.children} />
    </section>
  );
}

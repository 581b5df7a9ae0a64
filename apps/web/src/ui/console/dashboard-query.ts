/** The dashboard's address: which org, which period, which ranking — read from and written to the query string. */
import type { DashboardQuery, PeriodPreset } from "../../services/dashboard-services.ts";

export const PERIOD_LABELS: Record<PeriodPreset, string> = {
  "this-month": "本月",
  "last-month": "上月",
  custom: "自定义",
};

export const RANKINGS = {
  activity: "按答复量",
  ontime: "按按时答复率",
  satisfaction: "按满意率",
} as const;
export type Ranking = keyof typeof RANKINGS;

export interface DashboardParams {
  query: DashboardQuery;
  rank: Ranking;
}

type Raw = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

export function readDashboardParams(raw: Raw): DashboardParams {
  const org = Number(first(raw.org));
  const period = first(raw.period);
  const rank = first(raw.rank);
  const from = first(raw.from)?.slice(0, 10);
  const to = first(raw.to)?.slice(0, 10);
  const preset = period && period in PERIOD_LABELS ? (period as PeriodPreset) : "this-month";
  return {
    query: {
      ...(Number.isSafeInteger(org) && org > 0 ? { orgId: org } : {}),
      preset,
      ...(preset === "custom" && from ? { from } : {}),
      ...(preset === "custom" && to ? { to } : {}),
    },
    rank: rank && rank in RANKINGS ? (rank as Ranking) : "activity",
  };
}

export function readDashboardUrl(url: URL): DashboardParams {
  return readDashboardParams(Object.fromEntries(url.searchParams));
}

/** the query string of a dashboard address, with `changes` applied */
export function dashboardSearch(params: DashboardParams, changes: Partial<DashboardQuery> & { rank?: Ranking } = {}) {
  const { rank, ...query } = { ...params.query, rank: params.rank, ...changes };
  const search = new URLSearchParams();
  if (query.orgId) search.set("org", String(query.orgId));
  if (query.preset) search.set("period", query.preset);
  if (query.preset === "custom" && query.from) search.set("from", query.from);
  if (query.preset === "custom" && query.to) search.set("to", query.to);
  if (rank && rank !== "activity") search.set("rank", rank);
  return `?${search.toString()}`;
}

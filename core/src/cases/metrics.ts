/**
 * 考核: 活跃度 and 满意度 per org and period, for the org alone and with its subtree. Everything is counted from
 * the timeline — each event records the org holding the case when it happened — so a case counts for the org
 * that did the work even after it moved on, and figures for past periods never change.
 */
import type { Db } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import { orgs } from "@qnzs/db/schema";
import { asc, eq, type SQL, sql } from "drizzle-orm";
import { InvalidInput } from "./errors.ts";
import { getOrg, type OrgRow } from "./org-tree.ts";

export interface OrgMetrics {
  /** cases that arrived at the org (routing, transfer, send-back, reassignment, passing up) */
  received: number;
  /** cases whose answer was approved */
  answered: number;
  /** of those, answered by their due time (the first answer in the period counts) */
  answeredOnTime: number;
  /** cases that went past their due time */
  overdue: number;
  /** median minutes from a case's creation to the first person acting on it */
  medianFirstResponseMinutes: number | null;
  /** median minutes from creation to closing */
  medianCloseMinutes: number | null;
  ratings: number;
  /** mean of the ratings given (1–5) */
  satisfactionAverage: number | null;
  /** share of the answered cases that the asker rated */
  ratingResponseRate: number | null;
  /** posts ingested by channel accounts the org owns */
  postsIngested: number;
  /** answers of the org sent out on at least one channel */
  answersPublished: number;
}

export interface AssessmentRow {
  org: { id: number; name: string; level: string };
  metrics: OrgMetrics;
}

export interface AssessmentReport {
  from: Date;
  to: Date;
  org: { id: number; name: string; level: string };
  alone: OrgMetrics;
  withSubtree: OrgMetrics;
  /** each direct child with its subtree: the ranking an org uses to assess the orgs below it */
  children: AssessmentRow[];
}

const ARRIVALS = [
  "routed",
  "referred_12355",
  "transferred",
  "returned",
  "reassignment_approved",
  "passed_up",
  "created",
];

/** an org alone, or with its subtree */
export type Scope = { orgId: number; path: string; subtree: boolean };

export function inScope(column: SQL, scope: Scope): SQL {
  return scope.subtree
    ? sql`${column} in (select id from orgs where path like ${`${scope.path}%`})`
    : sql`${column} = ${scope.orgId}`;
}

/**
 * The case event `e` brought its case to an org of the scope. An arrival superseded at once by passing up
 * (nobody there could take it) is not the skipped org's case.
 */
export function isArrivalIn(scope: Scope): SQL {
  return sql`${isArrival()} and e.to_org_id is not null and ${inScope(sql`e.to_org_id`, scope)}`;
}

function isArrival(): SQL {
  return sql`e.type in (${sql.join(
    ARRIVALS.map((type) => sql`${type}`),
    sql`, `,
  )})
    and not exists (select 1 from case_events p where p.case_id = e.case_id and p.type = 'passed_up'
      and p.from_org_id = e.to_org_id and p.created_at = e.created_at and p.id > e.id)`;
}

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const maybe = (value: unknown): number | null =>
  value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;

/**
 * Which group each org's work counts for: a subquery of `(org_id, g)` rows. One pass over the timeline then gives
 * the figures of every group, so a ranking of thirty orgs costs what one org costs.
 */
export type Grouping = SQL;

/** the scope as one group, keyed by its org's id */
export function groupScope(scope: Scope): Grouping {
  return scope.subtree
    ? sql`select id as org_id, ${scope.orgId}::bigint as g from orgs where path like ${`${scope.path}%`}`
    : sql`select ${scope.orgId}::bigint as org_id, ${scope.orgId}::bigint as g`;
}

/** each direct child of the org at `path`, with its subtree, keyed by the child's id */
export function groupChildren(path: string): Grouping {
  return sql`select id as org_id, split_part(substr(path, ${path.length + 1}), '/', 1)::bigint as g
    from orgs where path like ${`${path}%`} and path <> ${path}`;
}

/**
 * Everything an assessment report shows in one grouping: each direct child with its subtree (keyed by the
 * child's id), the org with its subtree (its id) and the org alone (its id, negated).
 */
export function groupReport(org: { id: number; path: string }): Grouping {
  return sql`${groupChildren(org.path)}
    union all ${groupScope({ orgId: org.id, path: org.path, subtree: true })}
    union all select ${org.id}::bigint as org_id, ${-org.id}::bigint as g`;
}

export const EMPTY_METRICS: OrgMetrics = {
  received: 0,
  answered: 0,
  answeredOnTime: 0,
  overdue: 0,
  medianFirstResponseMinutes: null,
  medianCloseMinutes: null,
  ratings: 0,
  satisfactionAverage: null,
  ratingResponseRate: null,
  postsIngested: 0,
  answersPublished: 0,
};

export async function collectOrgMetrics(db: Db, scope: Scope, from: Date, to: Date): Promise<OrgMetrics> {
  return (await collectGroupedMetrics(db, groupScope(scope), from, to)).get(scope.orgId) ?? { ...EMPTY_METRICS };
}

/** The metrics of every group that has any; groups without activity are absent. */
export async function collectGroupedMetrics(
  db: Db,
  grouping: Grouping,
  from: Date,
  to: Date,
): Promise<Map<number, OrgMetrics>> {
  const period = (column: SQL) =>
    sql`${column} >= ${from.toISOString()}::timestamptz and ${column} < ${to.toISOString()}::timestamptz`;
  const byGroup = async <T extends { g: string }>(query: SQL) =>
    new Map((await queryRows<T>(db, query)).map((row) => [Number(row.g), row]));

  const received = await byGroup<{ g: string; n: string }>(
    sql`select m.g, count(distinct e.case_id) as n from case_events e join (${grouping}) m on m.org_id = e.to_org_id
      where ${isArrival()} and ${period(sql`e.created_at`)}
      group by m.g`,
  );

  const answered = await byGroup<{ g: string; n: string; on_time: string; rated: string }>(
    sql`with first_answers as (
        select distinct on (m.g, e.case_id) m.g, e.case_id, coalesce((e.data->>'onTime')::boolean, true) as on_time
        from case_events e join (${grouping}) m on m.org_id = e.org_id
        where e.type = 'answer_approved' and ${period(sql`e.created_at`)}
        order by m.g, e.case_id, e.created_at, e.id)
      select f.g, count(*) as n, count(*) filter (where on_time) as on_time,
        count(*) filter (where exists (select 1 from case_events r where r.case_id = f.case_id and r.type = 'rated'
          and r.created_at < ${to.toISOString()}::timestamptz)) as rated
      from first_answers f group by f.g`,
  );

  const overdue = await byGroup<{ g: string; n: string }>(
    sql`select m.g, count(distinct e.case_id) as n from case_events e join (${grouping}) m on m.org_id = e.org_id
      where e.type = 'overdue' and ${period(sql`e.created_at`)}
      group by m.g`,
  );

  const firstResponse = await byGroup<{ g: string; median: string | null }>(
    sql`select m.g, percentile_cont(0.5) within group (order by extract(epoch from e.created_at - c.created_at) / 60) as median
      from case_events e join (${grouping}) m on m.org_id = e.org_id join cases c on c.id = e.case_id
      where e.data->>'firstResponse' = 'true' and ${period(sql`e.created_at`)}
      group by m.g`,
  );

  const close = await byGroup<{ g: string; median: string | null }>(
    sql`with first_closes as (
        select distinct on (m.g, e.case_id) m.g, e.case_id, e.created_at
        from case_events e join (${grouping}) m on m.org_id = e.org_id
        where e.type = 'closed' and ${period(sql`e.created_at`)}
        order by m.g, e.case_id, e.created_at, e.id)
      select f.g, percentile_cont(0.5) within group (order by extract(epoch from f.created_at - c.created_at) / 60) as median
      from first_closes f join cases c on c.id = f.case_id group by f.g`,
  );

  const ratings = await byGroup<{ g: string; n: string; average: string | null }>(
    sql`select m.g, count(*) as n, avg((e.data->>'rating')::numeric) as average
      from case_events e join (${grouping}) m on m.org_id = e.org_id
      where e.type = 'rated' and ${period(sql`e.created_at`)}
      group by m.g`,
  );

  // counted once per account, then added up per group: an org's posts are counted once though it is in two groups
  const ingested = await byGroup<{ g: string; n: string }>(
    sql`with per_account as (
        select p.account_id, count(*) as n from posts p
        where p.account_id in (select a.id from channel_accounts a join (${grouping}) m on m.org_id = a.org_id)
          and ${period(sql`p.fetched_at`)}
        group by p.account_id)
      select m.g, sum(c.n) as n from per_account c join channel_accounts a on a.id = c.account_id
        join (${grouping}) m on m.org_id = a.org_id
      group by m.g`,
  );

  const published = await byGroup<{ g: string; n: string }>(
    sql`select m.g, count(distinct a.id) as n from answers a join publications p on p.answer_id = a.id
        join (${grouping}) m on m.org_id = a.org_id
      where p.status = 'sent' and ${period(sql`p.sent_at`)}
      group by m.g`,
  );

  const groups = new Set<number>();
  for (const found of [received, answered, overdue, firstResponse, close, ratings, ingested, published]) {
    for (const group of found.keys()) groups.add(group);
  }
  const metrics = new Map<number, OrgMetrics>();
  for (const group of groups) {
    const answeredRow = answered.get(group);
    const ratingRow = ratings.get(group);
    const answeredCount = num(answeredRow?.n);
    metrics.set(group, {
      received: num(received.get(group)?.n),
      answered: answeredCount,
      answeredOnTime: num(answeredRow?.on_time),
      overdue: num(overdue.get(group)?.n),
      medianFirstResponseMinutes: maybe(firstResponse.get(group)?.median),
      medianCloseMinutes: maybe(close.get(group)?.median),
      ratings: num(ratingRow?.n),
      satisfactionAverage: ratingRow?.average ? Math.round(Number(ratingRow.average) * 100) / 100 : null,
      ratingResponseRate:
        answeredCount === 0 ? null : Math.round((num(answeredRow?.rated) / answeredCount) * 1000) / 1000,
      postsIngested: num(ingested.get(group)?.n),
      answersPublished: num(published.get(group)?.n),
    });
  }
  return metrics;
}

function describe(org: OrgRow): { id: number; name: string; level: string } {
  return { id: org.id, name: org.name, level: org.level };
}

export async function buildAssessmentReport(
  db: Db,
  input: { orgId: number; from: Date; to: Date },
): Promise<AssessmentReport> {
  const org = await getOrg(db, input.orgId);
  const children = await db.select().from(orgs).where(eq(orgs.parentId, org.id)).orderBy(asc(orgs.id));
  const all = await collectGroupedMetrics(db, groupReport(org), input.from, input.to);
  const metricsOf = (group: number) => all.get(group) ?? { ...EMPTY_METRICS };
  return {
    from: input.from,
    to: input.to,
    org: describe(org),
    alone: metricsOf(-org.id),
    withSubtree: metricsOf(org.id),
    children: children.map((child) => ({ org: describe(child), metrics: metricsOf(child.id) })),
  };
}

const CSV_COLUMNS: [keyof OrgMetrics, string][] = [
  ["received", "受理 received"],
  ["answered", "答复 answered"],
  ["answeredOnTime", "按时答复 on time"],
  ["overdue", "逾期 overdue"],
  ["medianFirstResponseMinutes", "首次响应中位数(分钟) median first response min"],
  ["medianCloseMinutes", "办结中位数(分钟) median close min"],
  ["ratings", "评价数 ratings"],
  ["satisfactionAverage", "满意度 satisfaction"],
  ["ratingResponseRate", "评价率 rating rate"],
  ["postsIngested", "采集帖子 posts"],
  ["answersPublished", "发布答复 published"],
];

function csvCell(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The report as CSV: the org alone, with its subtree, then each child with its subtree. */
export function formatReportCsv(report: AssessmentReport): string {
  const header = ["org_id", "org", "scope", ...CSV_COLUMNS.map(([, label]) => label)];
  const line = (org: AssessmentRow["org"], scope: string, metrics: OrgMetrics) =>
    [org.id, org.name, scope, ...CSV_COLUMNS.map(([key]) => metrics[key])].map(csvCell).join(",");
  return [
    header.map(csvCell).join(","),
    line(report.org, "alone", report.alone),
    line(report.org, "subtree", report.withSubtree),
    ...report.children.map((child) => line(child.org, "subtree", child.metrics)),
  ].join("\n");
}

/**
 * A report period from Beijing dates (YYYY-MM-DD), both days included: `to` 2025-05-31 ends at 1 June 00:00.
 * Without `from`, the period starts on the first of the current month; without `to`, it ends now.
 */
export function parseReportPeriod(
  input: { from?: string; to?: string },
  now: Date = new Date(),
): { from: Date; to: Date } {
  const day = (value: string, name: string): Date => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00+08:00`))) {
      throw new InvalidInput(`${name} 须为 YYYY-MM-DD / ${name} must be YYYY-MM-DD: ${value}`);
    }
    return new Date(`${value}T00:00:00+08:00`);
  };
  const monthStart = `${new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 7)}-01`;
  const from = day(input.from ?? monthStart, "--from");
  const to = input.to ? new Date(day(input.to, "--to").getTime() + 86_400_000) : now;
  if (to.getTime() <= from.getTime()) throw new InvalidInput("结束日期须晚于开始日期 / --to must be after --from");
  return { from, to };
}

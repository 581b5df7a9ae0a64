/**
 * What the dashboard shows beside the assessment report (metrics.ts): the mean first response and the share of
 * satisfied ratings, activity over time and by category. Counted from the timeline like the report, with the same
 * meaning of "received" (an arrival at an org of the scope) and "answered" (the first approval in the period).
 */
import type { Db } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import { CATEGORIES, type Category } from "@qnzs/db/schema";
import { type SQL, sql } from "drizzle-orm";
import { type Grouping, groupScope, inScope, isArrivalIn, type Scope } from "./metrics.ts";

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

export interface ResponseAndSatisfaction {
  /** mean minutes from a case's creation to the first person acting on it */
  averageFirstResponseMinutes: number | null;
  ratings: number;
  /** ratings that close the case: 3 or more and not marked "not solved" */
  satisfied: number;
  /** satisfied / ratings */
  satisfactionRate: number | null;
}

export interface TrendPoint {
  /** the bucket's first day, Beijing date YYYY-MM-DD */
  start: string;
  received: number;
  answered: number;
}

export interface CategoryCount {
  category: Category;
  received: number;
  answered: number;
}

function inPeriod(column: SQL, from: Date, to: Date): SQL {
  return sql`${column} >= ${from.toISOString()}::timestamptz and ${column} < ${to.toISOString()}::timestamptz`;
}

/** the first approved answer of each case in the period, by the orgs of the scope */
function firstAnswers(scope: Scope, from: Date, to: Date): SQL {
  return sql`select distinct on (e.case_id) e.case_id, e.created_at
    from case_events e
    where e.type = 'answer_approved' and ${inScope(sql`e.org_id`, scope)} and ${inPeriod(sql`e.created_at`, from, to)}
    order by e.case_id, e.created_at, e.id`;
}

export async function collectResponseAndSatisfaction(
  db: Db,
  scope: Scope,
  from: Date,
  to: Date,
): Promise<ResponseAndSatisfaction> {
  return (
    (await collectGroupedResponseAndSatisfaction(db, groupScope(scope), from, to)).get(scope.orgId) ?? {
      averageFirstResponseMinutes: null,
      ratings: 0,
      satisfied: 0,
      satisfactionRate: null,
    }
  );
}

/** The same for every group of a grouping (metrics.ts) that has any; groups without activity are absent. */
export async function collectGroupedResponseAndSatisfaction(
  db: Db,
  grouping: Grouping,
  from: Date,
  to: Date,
): Promise<Map<number, ResponseAndSatisfaction>> {
  const response = await queryRows<{ g: string; average: string | null }>(
    db,
    sql`select m.g, avg(extract(epoch from e.created_at - c.created_at) / 60) as average
      from case_events e join (${grouping}) m on m.org_id = e.org_id join cases c on c.id = e.case_id
      where e.data->>'firstResponse' = 'true' and ${inPeriod(sql`e.created_at`, from, to)}
      group by m.g`,
  );
  const ratings = await queryRows<{ g: string; n: string; satisfied: string }>(
    db,
    sql`select m.g, count(*) as n,
        count(*) filter (where (e.data->>'rating')::int >= 3 and coalesce(e.data->>'solved', '') <> 'false') as satisfied
      from case_events e join (${grouping}) m on m.org_id = e.org_id
      where e.type = 'rated' and ${inPeriod(sql`e.created_at`, from, to)}
      group by m.g`,
  );
  const result = new Map<number, ResponseAndSatisfaction>();
  const entry = (group: number) => {
    let found = result.get(group);
    if (!found) {
      found = { averageFirstResponseMinutes: null, ratings: 0, satisfied: 0, satisfactionRate: null };
      result.set(group, found);
    }
    return found;
  };
  for (const row of response) {
    if (row.average !== null)
      entry(Number(row.g)).averageFirstResponseMinutes = Math.round(Number(row.average) * 10) / 10;
  }
  for (const row of ratings) {
    const found = entry(Number(row.g));
    found.ratings = Number(row.n);
    found.satisfied = Number(row.satisfied);
    found.satisfactionRate = found.ratings === 0 ? null : Math.round((found.satisfied / found.ratings) * 1000) / 1000;
  }
  return result;
}

/** Beijing calendar date of an instant */
function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_MS).toISOString().slice(0, 10);
}

export interface Activity {
  trend: TrendPoint[];
  categories: CategoryCount[];
}

/**
 * Cases received and answered per bucket of `days` days counted from `from` (1: per day, 7: per week from the
 * period's first day) and per category, every bucket and category present, empty ones with zeros. Both come from
 * one pass over the period's events (grouping sets).
 */
export async function collectActivity(db: Db, scope: Scope, from: Date, to: Date, days: number): Promise<Activity> {
  const size = days * DAY_MS;
  const count = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / size));
  const bucket = (column: SQL) =>
    sql`floor(extract(epoch from ${column} - ${from.toISOString()}::timestamptz) / ${size / 1000})::int`;
  type Row = { bucket: number | null; category: Category | null; per_category: number; n: string };
  const split = (events: SQL) =>
    sql`select bucket, category, grouping(bucket) as per_category, count(distinct case_id) as n from (${events}) x
      group by grouping sets ((bucket), (category))`;
  const received = await queryRows<Row>(
    db,
    split(sql`select ${bucket(sql`e.created_at`)} as bucket, c.category, e.case_id
      from case_events e join cases c on c.id = e.case_id
      where ${isArrivalIn(scope)} and ${inPeriod(sql`e.created_at`, from, to)}`),
  );
  const answered = await queryRows<Row>(
    db,
    split(sql`select ${bucket(sql`f.created_at`)} as bucket, c.category, f.case_id
      from (${firstAnswers(scope, from, to)}) f join cases c on c.id = f.case_id`),
  );
  const trend: TrendPoint[] = Array.from({ length: count }, (_, index) => ({
    start: beijingDate(new Date(from.getTime() + index * size)),
    received: 0,
    answered: 0,
  }));
  const categories: CategoryCount[] = CATEGORIES.map((category) => ({ category, received: 0, answered: 0 }));
  for (const [rows, field] of [
    [received, "received"],
    [answered, "answered"],
  ] as const) {
    for (const row of rows) {
      const entry =
        Number(row.per_category) === 1
          ? categories.find((item) => item.category === row.category)
          : trend[Number(row.bucket)];
      if (entry) entry[field] = Number(row.n);
    }
  }
  return { trend, categories };
}

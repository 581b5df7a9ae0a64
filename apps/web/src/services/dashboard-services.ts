/**
 * The dashboard (数据看板): activity and satisfaction of an organisation and its subtree for a period, the trend,
 * the categories of need, the ranking of the orgs directly below, and the same report as CSV. Only site admins
 * and the admins and cadres of an org's subtree may look at it; the scope is checked here, on every call.
 */
import type { Actor } from "@qnzs/core/cases/access";
import { holdsRoleOver } from "@qnzs/core/cases/access";
import { AccessDenied, InvalidInput } from "@qnzs/core/cases/errors";
import {
  type AssessmentReport,
  buildAssessmentReport,
  formatReportCsv,
  groupReport,
  type OrgMetrics,
  parseReportPeriod,
} from "@qnzs/core/cases/metrics";
import {
  type CategoryCount,
  collectActivity,
  collectGroupedResponseAndSatisfaction,
  type ResponseAndSatisfaction,
  type TrendPoint,
} from "@qnzs/core/cases/metrics-detail";
import { getOrg, type OrgRow } from "@qnzs/core/cases/org-tree";
import type { Database } from "@qnzs/db";
import { orgs } from "@qnzs/db/schema";
import { asc, inArray, isNull } from "drizzle-orm";
import { attempt } from "./service-results.ts";

/** web-services' way of turning a domain refusal into what a page shows */

export const PERIOD_PRESETS = ["this-month", "last-month", "custom"] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** What the dashboard's address asks for; every field as typed by a person, checked here. */
export interface DashboardQuery {
  orgId?: number;
  preset?: PeriodPreset;
  /** Beijing dates YYYY-MM-DD, both days included (custom periods) */
  from?: string;
  to?: string;
}

export interface DashboardPeriod {
  preset: PeriodPreset;
  from: Date;
  to: Date;
  /** the first and the last day included, Beijing dates */
  firstDay: string;
  lastDay: string;
  /** the trend's bucket: 1 (days) or 7 (weeks) */
  bucketDays: 1 | 7;
}

export interface OrgFigures {
  org: { id: number; name: string; level: string };
  metrics: OrgMetrics;
  detail: ResponseAndSatisfaction;
}

export interface Dashboard {
  period: DashboardPeriod;
  /** the org looked at, with its subtree */
  current: OrgFigures;
  /** the org one level up, when the actor may look at it too */
  parent: { id: number; name: string } | null;
  /** the orgs the actor starts from: their own, or the roots for a site admin */
  homes: { id: number; name: string }[];
  trend: TrendPoint[];
  categories: CategoryCount[];
  /** each direct child with its subtree */
  children: OrgFigures[];
}

const NO_RATINGS: ResponseAndSatisfaction = {
  averageFirstResponseMinutes: null,
  ratings: 0,
  satisfied: 0,
  satisfactionRate: null,
};
const DASHBOARD_ROLES = ["admin", "cadre"] as const;
const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;
/** longer periods are drawn per week */
const DAILY_UP_TO_DAYS = 62;

const beijingDay = (at: Date) => new Date(at.getTime() + BEIJING_MS).toISOString().slice(0, 10);

export function resolvePeriod(query: DashboardQuery, now: Date): DashboardPeriod {
  const preset = query.preset ?? "this-month";
  let range: { from: Date; to: Date };
  if (preset === "custom") {
    if (!query.from || !query.to) throw new InvalidInput("请选择开始和结束日期");
    range = parseReportPeriod({ from: query.from, to: query.to }, now);
  } else if (preset === "last-month") {
    const thisMonth = parseReportPeriod({}, now).from;
    const lastDay = beijingDay(new Date(thisMonth.getTime() - DAY_MS));
    range = parseReportPeriod({ from: `${lastDay.slice(0, 7)}-01`, to: lastDay }, now);
  } else {
    range = parseReportPeriod({}, now);
  }
  const days = Math.ceil((range.to.getTime() - range.from.getTime()) / DAY_MS);
  return {
    preset,
    ...range,
    firstDay: beijingDay(range.from),
    lastDay: beijingDay(new Date(range.to.getTime() - 1)),
    bucketDays: days <= DAILY_UP_TO_DAYS ? 1 : 7,
  };
}

function mayView(actor: Actor, org: OrgRow): boolean {
  return actor.isAdmin || holdsRoleOver(actor, org.path, DASHBOARD_ROLES);
}

const describeOrg = (org: { id: number; name: string; level: string }) => ({
  id: org.id,
  name: org.name,
  level: org.level,
});

export function createDashboardServices(database: Database) {
  const { db } = database;

  async function listHomes(actor: Actor): Promise<OrgRow[]> {
    if (actor.isAdmin) return db.select().from(orgs).where(isNull(orgs.parentId)).orderBy(asc(orgs.id));
    const ids = actor.roles.filter((role) => DASHBOARD_ROLES.some((r) => r === role.role)).map((role) => role.orgId);
    if (ids.length === 0) return [];
    const rows = await db.select().from(orgs).where(inArray(orgs.id, ids)).orderBy(asc(orgs.path));
    // an org inside another of the actor's orgs is reached from there
    return rows.filter((row) => !rows.some((other) => other.id !== row.id && row.path.startsWith(other.path)));
  }

  /** the org asked for, or the actor's first home; refused outside the actor's subtrees */
  async function resolveOrg(actor: Actor, orgId: number | undefined): Promise<{ org: OrgRow; homes: OrgRow[] }> {
    const homes = await listHomes(actor);
    const org = orgId === undefined ? homes[0] : await getOrg(db, orgId);
    if (!org || !mayView(actor, org)) throw new AccessDenied("无权查看该组织的数据 / not your organisation");
    return { org, homes };
  }

  async function buildReport(actor: Actor, query: DashboardQuery, now: Date) {
    const period = resolvePeriod(query, now);
    const { org, homes } = await resolveOrg(actor, query.orgId);
    const report = await buildAssessmentReport(db, { orgId: org.id, from: period.from, to: period.to });
    return { period, org, homes, report };
  }

  return {
    /** everything the dashboard page shows */
    loadDashboard: (actor: Actor, query: DashboardQuery, now = new Date()) =>
      attempt(async (): Promise<Dashboard> => {
        const { period, org, homes, report } = await buildReport(actor, query, now);
        const subtree = { orgId: org.id, path: org.path, subtree: true };
        const detail = await collectGroupedResponseAndSatisfaction(db, groupReport(org), period.from, period.to);
        const children: OrgFigures[] = report.children.map((child) => ({
          ...child,
          detail: detail.get(child.org.id) ?? NO_RATINGS,
        }));
        const parent = org.parentId === null ? null : await getOrg(db, org.parentId);
        return {
          period,
          current: {
            org: describeOrg(org),
            metrics: report.withSubtree,
            detail: detail.get(org.id) ?? NO_RATINGS,
          },
          parent: parent && mayView(actor, parent) ? { id: parent.id, name: parent.name } : null,
          homes: homes.map((home) => ({ id: home.id, name: home.name })),
          ...(await collectActivity(db, subtree, period.from, period.to, period.bucketDays)),
          children,
        };
      }),
    /** the assessment report as a CSV file Excel opens as UTF-8 (byte order mark first) */
    exportDashboardCsv: (actor: Actor, query: DashboardQuery, now = new Date()) =>
      attempt(async (): Promise<{ filename: string; csv: string; report: AssessmentReport }> => {
        const { period, org, report } = await buildReport(actor, query, now);
        return {
          filename: `考核-${org.name}-${period.firstDay}-${period.lastDay}.csv`,
          csv: `\uFEFF${formatReportCsv(report)}\r\n`,
          report,
        };
      }),
  };
}

export type DashboardServices = ReturnType<typeof createDashboardServices>;

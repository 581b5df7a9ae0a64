/**
 * Tables of case handling beyond the case itself: routing rules (转办规则), the working-day calendar with public
 * holidays and make-up working days (调休), SLA policies (督办时限) and reassignment requests (申请改派).
 *
 * schema.ts re-exports this file and this file refers to schema.ts's tables: the references stay inside callbacks
 * (and constants are typed, not imported as values) so the circular import is never read before it is ready.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { CasePriority, Category } from "./schema.ts";
import { cases, orgs, users } from "./schema.ts";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/**
 * 转办规则: a case whose place and category (and text, when a keyword is set) match goes to `target_org_id`.
 * Empty conditions match anything; of the matching rules the most specific wins (see core/src/cases/routing.ts).
 */
export const routingRules = pgTable(
  "routing_rules",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    region: text("region"),
    city: text("city"),
    county: text("county"),
    category: text("category").$type<Category>(),
    keyword: text("keyword"),
    targetOrgId: bigint("target_org_id", { mode: "number" })
      .notNull()
      .references(() => orgs.id),
    enabled: boolean("enabled").notNull().default(true),
    note: text("note"),
    createdBy: bigint("created_by", { mode: "number" }).references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("routing_rules_region_idx").on(t.region, t.city, t.county)],
);

export const CALENDAR_DAY_KINDS = ["holiday", "workday"] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

/**
 * Exceptions to the Monday–Friday week, in Asia/Shanghai dates: `holiday` (a weekday off, e.g. 国庆) and
 * `workday` (a weekend day worked to make up for one, 调休).
 */
export const calendarDays = pgTable("calendar_days", {
  day: date("day", { mode: "string" }).primaryKey(),
  kind: text("kind").$type<CalendarDayKind>().notNull(),
  name: text("name").notNull(),
});

export const SLA_CLOCKS = ["working", "wall"] as const;
export type SlaClock = (typeof SLA_CLOCKS)[number];

/**
 * 督办时限 per category × priority (null matches any); `urgent` rows are the fast lane, measured on the wall clock.
 * Rows override the built-in defaults in core/src/cases/sla.ts; the most specific row wins.
 */
export const slaPolicies = pgTable(
  "sla_policies",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    category: text("category").$type<Category>(),
    priority: text("priority").$type<CasePriority>(),
    urgent: boolean("urgent").notNull().default(false),
    clock: text("clock").$type<SlaClock>().notNull().default("working"),
    dueMinutes: integer("due_minutes").notNull(),
    warnMinutes: integer("warn_minutes").notNull(),
    escalateEveryMinutes: integer("escalate_every_minutes").notNull(),
  },
  (t) => [unique("sla_policies_key_uq").on(t.category, t.priority, t.urgent).nullsNotDistinct()],
);

export const REASSIGNMENT_STATUSES = ["pending", "approved", "rejected"] as const;
export type ReassignmentStatus = (typeof REASSIGNMENT_STATUSES)[number];

/** 申请改派: the holding org asks its parent to give the case to another org; the parent decides. */
export const caseReassignments = pgTable(
  "case_reassignments",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: bigint("case_id", { mode: "number" })
      .notNull()
      .references(() => cases.id),
    fromOrgId: bigint("from_org_id", { mode: "number" })
      .notNull()
      .references(() => orgs.id),
    requestedBy: bigint("requested_by", { mode: "number" })
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    suggestedOrgId: bigint("suggested_org_id", { mode: "number" }).references(() => orgs.id),
    status: text("status").$type<ReassignmentStatus>().notNull().default("pending"),
    decidedBy: bigint("decided_by", { mode: "number" }).references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
    toOrgId: bigint("to_org_id", { mode: "number" }).references(() => orgs.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("case_reassignments_case_idx").on(t.caseId),
    // at most one open request per case
    uniqueIndex("case_reassignments_pending_uq").on(t.caseId).where(sql`status = 'pending'`),
  ],
);

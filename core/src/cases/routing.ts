/**
 * 转办: where a case goes. Rules by place × category (× keyword) first, the most specific matching rule winning;
 * without one, the lowest-level committee responsible for the asker's place (county, else city, else province,
 * else 团中央). Wherever a case lands, an org with nobody able to take it passes it up the tree, and the
 * timeline says so.
 */
import type { Db } from "@qnzs/db";
import { CATEGORIES, type Category, orgs, routingRules, userRoles, users } from "@qnzs/db/schema";
import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan, canAdminister } from "./access.ts";
import { type CaseRow, updateCase } from "./case-store.ts";
import { InvalidInput, NotFound, parseInput } from "./errors.ts";
import { ancestorIdAt, getOrg, listAncestors, type OrgRow, pathIds } from "./org-tree.ts";
import { appendEvent, type CaseEventType, type EventActor, SYSTEM } from "./timeline.ts";

export type RoutingRuleRow = typeof routingRules.$inferSelect;

export interface RoutingSubject {
  region: string | null;
  city: string | null;
  county: string | null;
  category: Category | null;
  /** title and description: what keywords are looked for in */
  text: string;
}

export interface RouteDecision {
  org: OrgRow;
  rule: RoutingRuleRow | null;
  /** why, for the timeline: 规则 #3 (四川省 × rights) or 属地 (成都市武侯区) */
  basis: string;
}

/**
 * How specific a rule is: its place counts most (county 3, city 2, province 1), then a category, then a
 * keyword. Between equally specific rules the newer one wins: it was written to refine the older.
 */
export function ruleSpecificity(
  rule: Pick<RoutingRuleRow, "region" | "city" | "county" | "category" | "keyword">,
): number {
  const place = rule.county ? 3 : rule.city ? 2 : rule.region ? 1 : 0;
  return place * 4 + (rule.category ? 2 : 0) + (rule.keyword ? 1 : 0);
}

export function ruleMatches(rule: RoutingRuleRow, subject: RoutingSubject): boolean {
  if (!rule.enabled) return false;
  if (rule.region && rule.region !== subject.region) return false;
  if (rule.city && rule.city !== subject.city) return false;
  if (rule.county && rule.county !== subject.county) return false;
  if (rule.category && rule.category !== (subject.category ?? "other")) return false;
  if (rule.keyword && !subject.text.toLowerCase().includes(rule.keyword.toLowerCase())) return false;
  return true;
}

export function pickRule(rules: readonly RoutingRuleRow[], subject: RoutingSubject): RoutingRuleRow | null {
  let best: RoutingRuleRow | null = null;
  for (const rule of rules) {
    if (!ruleMatches(rule, subject)) continue;
    if (!best) best = rule;
    else {
      const difference = ruleSpecificity(rule) - ruleSpecificity(best);
      if (difference > 0 || (difference === 0 && rule.id > best.id)) best = rule;
    }
  }
  return best;
}

/** The lowest-level committee whose area contains the place; 团中央 when nothing below matches. */
export async function findResponsibleOrg(
  db: Db,
  place: Pick<RoutingSubject, "region" | "city" | "county">,
): Promise<OrgRow> {
  const candidates = await db
    .select()
    .from(orgs)
    .where(
      and(
        eq(orgs.kind, "committee"),
        place.region ? or(eq(orgs.level, "central"), eq(orgs.region, place.region)) : eq(orgs.level, "central"),
      ),
    );
  const depth = { central: 0, province: 1, city: 2, county: 3, grassroots: -1 } as const;
  let best: OrgRow | null = null;
  for (const org of candidates) {
    const fits =
      org.level === "central" ||
      (org.level === "province" && org.region === place.region) ||
      (org.level === "city" && org.region === place.region && org.city === place.city) ||
      (org.level === "county" && org.region === place.region && org.city === place.city && org.county === place.county);
    if (!fits) continue;
    if (!best || depth[org.level] > depth[best.level] || (depth[org.level] === depth[best.level] && org.id < best.id)) {
      best = org;
    }
  }
  if (!best) throw new NotFound("团中央（组织树的根）");
  return best;
}

function describePlace(place: Pick<RoutingSubject, "region" | "city" | "county">): string {
  const parts = [place.region, place.city !== place.region ? place.city : null, place.county].filter(Boolean);
  return parts.length > 0 ? parts.join("") : "地区不明";
}

/** Where a case with this place, category and text goes, before asking whether anyone there can take it. */
export async function decideRoute(db: Db, subject: RoutingSubject): Promise<RouteDecision> {
  const rules = await db
    .select()
    .from(routingRules)
    .where(
      and(
        eq(routingRules.enabled, true),
        subject.region
          ? or(isNull(routingRules.region), eq(routingRules.region, subject.region))
          : isNull(routingRules.region),
      ),
    );
  const rule = pickRule(rules, subject);
  if (rule) {
    const conditions = [rule.region, rule.city, rule.county, rule.category, rule.keyword && `“${rule.keyword}”`]
      .filter(Boolean)
      .join(" × ");
    return { org: await getOrg(db, rule.targetOrgId), rule, basis: `转办规则 #${rule.id}（${conditions || "全部"}）` };
  }
  return { org: await findResponsibleOrg(db, subject), rule: null, basis: `属地（${describePlace(subject)}）` };
}

/**
 * Can anyone at this org take a case of this category? An enabled cadre or org admin can; so can a helper of
 * the org who covers the category and has room under their capacity.
 */
export async function isStaffed(db: Db, orgId: number, category: Category | null): Promise<boolean> {
  const [handler] = await db
    .select({ id: users.id })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.orgId, orgId), inArray(userRoles.role, ["cadre", "admin"]), eq(users.disabled, false)))
    .limit(1);
  if (handler) return true;
  const helpers = await findAvailableHelpers(db, [orgId], category ?? "other");
  return helpers.length > 0;
}

export interface AvailableHelper {
  userId: number;
  displayName: string;
  helperType: string;
  capacity: number;
  /** open cases they hold now */
  load: number;
  orgId: number;
}

/** Helpers of these orgs covering the category with room left, least loaded first. */
export async function findAvailableHelpers(db: Db, orgIds: number[], category: Category): Promise<AvailableHelper[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .select({
      userId: users.id,
      displayName: users.displayName,
      helperType: users.helperType,
      capacity: users.helperCapacity,
      orgId: userRoles.orgId,
      load: sql<number>`(select count(*)::int from cases c where c.assignee_id = ${users.id} and c.status in ('assigned', 'answering'))`,
    })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(
      and(
        inArray(userRoles.orgId, orgIds),
        eq(userRoles.role, "helper"),
        eq(users.disabled, false),
        sql`${category} = any(${users.helperCategories})`,
      ),
    );
  // a helper of two of the orgs is listed once
  const byUser = new Map<number, AvailableHelper>();
  for (const row of rows) {
    if (row.helperType === null || row.capacity === null || row.load >= row.capacity) continue;
    if (!byUser.has(row.userId)) byUser.set(row.userId, { ...row, helperType: row.helperType, capacity: row.capacity });
  }
  return [...byUser.values()].sort((a, b) => a.load / a.capacity - b.load / b.capacity || a.userId - b.userId);
}

/** The org itself when someone there can take the case, else the nearest ancestor that can; null if none can. */
export async function findStaffedOrg(
  db: Db,
  org: OrgRow,
  category: Category | null,
): Promise<{ org: OrgRow; skipped: OrgRow[] } | null> {
  const chain = [org, ...(await listAncestors(db, org))];
  for (let i = 0; i < chain.length; i++) {
    if (await isStaffed(db, chain[i]!.id, category)) return { org: chain[i]!, skipped: chain.slice(0, i) };
  }
  return null;
}

/**
 * The nearest 12355 desk for an org: a service unit hanging under the org or its closest ancestor that has one
 * (成都市's desk for 武侯区, the province's for a city without one, the national desk otherwise).
 */
export async function findReferralDesk(db: Db, org: OrgRow): Promise<OrgRow | null> {
  const chain = pathIds(org.path);
  const desks = await db
    .select()
    .from(orgs)
    .where(and(eq(orgs.kind, "service"), inArray(orgs.parentId, chain)));
  let best: OrgRow | null = null;
  for (const desk of desks) {
    if (!best || chain.indexOf(desk.parentId!) > chain.indexOf(best.parentId!)) best = desk;
  }
  return best;
}

export interface Placement {
  type: CaseEventType;
  actor: EventActor;
  now: Date;
  reason?: string | null;
  data?: Record<string, unknown>;
  /** the org the case leaves (null at intake) */
  fromOrgId: number | null;
}

/**
 * Puts a case at an org and writes the event saying so; if nobody there can take it, passes it up to the
 * nearest ancestor that can, with a `passed_up` event naming the orgs skipped (and if nobody up the whole chain
 * can, it stays and the event says that). The case becomes `routed` — unassigned, as its helper belonged to
 * the old org — and its supervisor follows its escalation level.
 */
export async function placeCase(db: Db, row: CaseRow, target: OrgRow, placement: Placement): Promise<CaseRow> {
  const staffed = await findStaffedOrg(db, target, row.category);
  await appendEvent(db, {
    caseId: row.id,
    type: placement.type,
    actor: placement.actor,
    orgId: placement.fromOrgId,
    fromOrgId: placement.fromOrgId,
    toOrgId: target.id,
    reason: placement.reason ?? null,
    data: { ...placement.data, ...(staffed ? {} : { unstaffed: true }) },
    at: placement.now,
  });
  let landing = target;
  if (staffed && staffed.org.id !== target.id) {
    landing = staffed.org;
    await appendEvent(db, {
      caseId: row.id,
      type: "passed_up",
      actor: SYSTEM,
      orgId: target.id,
      fromOrgId: target.id,
      toOrgId: landing.id,
      reason: `${staffed.skipped.map((org) => org.name).join("、")}暂无可办理人员，上交${landing.name}`,
      at: placement.now,
    });
  }
  return updateCase(
    db,
    row.id,
    {
      orgId: landing.id,
      status: "routed",
      assigneeId: null,
      supervisorOrgId: row.escalationLevel > 0 ? ancestorIdAt(landing, row.escalationLevel) : null,
    },
    placement.now,
  );
}

export const RoutingRuleSchema = z
  .object({
    region: z.string().trim().min(1).nullable().default(null),
    city: z.string().trim().min(1).nullable().default(null),
    county: z.string().trim().min(1).nullable().default(null),
    category: z.enum(CATEGORIES).nullable().default(null),
    keyword: z.string().trim().min(1).max(50).nullable().default(null),
    targetOrgId: z.number().int().positive(),
    note: z.string().max(500).nullable().default(null),
  })
  .refine((rule) => !rule.city || rule.region, {
    message: "指定城市须先指定省份 / a city needs its region",
    path: ["region"],
  })
  .refine((rule) => !rule.county || rule.city, {
    message: "指定区县须先指定城市 / a county needs its city",
    path: ["city"],
  });

/** Adds a routing rule. Only admins of the target org (or above) may send cases there by rule. */
export async function addRoutingRule(
  db: Db,
  actor: Actor | null,
  input: z.input<typeof RoutingRuleSchema>,
): Promise<RoutingRuleRow> {
  const rule = parseInput(RoutingRuleSchema, input);
  const target = await getOrg(db, rule.targetOrgId);
  if (actor) assertCan(canAdminister(actor, target.path));
  if (!rule.region && !rule.category && !rule.keyword) {
    throw new InvalidInput("规则至少需要一个条件 / a rule needs at least one condition");
  }
  const [row] = await db
    .insert(routingRules)
    .values({ ...rule, createdBy: actor?.userId ?? null })
    .returning();
  return row!;
}

export async function setRoutingRuleEnabled(
  db: Db,
  actor: Actor | null,
  ruleId: number,
  enabled: boolean,
): Promise<void> {
  const [rule] = await db.select().from(routingRules).where(eq(routingRules.id, ruleId));
  if (!rule) throw new NotFound(`转办规则 #${ruleId} `);
  if (actor) assertCan(canAdminister(actor, (await getOrg(db, rule.targetOrgId)).path));
  await db.update(routingRules).set({ enabled }).where(eq(routingRules.id, ruleId));
}

export async function listRoutingRules(db: Db): Promise<RoutingRuleRow[]> {
  return db.select().from(routingRules).orderBy(routingRules.id);
}

export interface RoutingRuleView extends RoutingRuleRow {
  targetOrgName: string;
}

/** The rules an actor administers (those sending cases into their subtrees; all for a site admin), newest first. */
export async function listRoutingRulesFor(db: Db, actor: Actor): Promise<RoutingRuleView[]> {
  const rows = await db
    .select({ rule: routingRules, targetOrgName: orgs.name, targetPath: orgs.path })
    .from(routingRules)
    .innerJoin(orgs, eq(orgs.id, routingRules.targetOrgId))
    .orderBy(desc(routingRules.id));
  return rows
    .filter((row) => canAdminister(actor, row.targetPath))
    .map((row) => ({ ...row.rule, targetOrgName: row.targetOrgName }));
}

/** Deletes a rule; cases it routed keep their timeline, which names the rule by number. */
export async function deleteRoutingRule(db: Db, actor: Actor | null, ruleId: number): Promise<void> {
  const [rule] = await db.select().from(routingRules).where(eq(routingRules.id, ruleId));
  if (!rule) throw new NotFound(`转办规则 #${ruleId} `);
  if (actor) assertCan(canAdminister(actor, (await getOrg(db, rule.targetOrgId)).path));
  await db.delete(routingRules).where(eq(routingRules.id, ruleId));
}

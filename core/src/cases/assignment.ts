/**
 * Giving a case to a helper: a cadre assigns one (or lets the hub pick the least loaded helper covering the
 * category), or a helper claims an unassigned case of their org. Helpers come from the case's org or the orgs
 * above it (a city's experts help its counties); a helper never holds more open cases than their capacity.
 */
import type { Db } from "@qnzs/db";
import { type Category, cases, orgs, users } from "@qnzs/db/schema";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan, canChange } from "./access.ts";
import {
  assertStatus,
  CaseIdSchema,
  type CaseRow,
  eventActor,
  firstResponse,
  inTransaction,
  type LoadedCase,
  loadCase,
  scopeOf,
  updateCase,
} from "./case-store.ts";
import { AccessDenied, Conflict, InvalidInput, NotFound, parseInput } from "./errors.ts";
import { pathIds } from "./org-tree.ts";
import { type AvailableHelper, findAvailableHelpers } from "./routing.ts";
import { appendEvent } from "./timeline.ts";

const ASSIGNABLE = ["routed", "assigned", "answering"] as const;

export const AssignSchema = z.object({
  caseId: z.number().int().positive(),
  /** omitted: the least loaded helper covering the category */
  helperId: z.number().int().positive().optional(),
});

function categoryOf(row: CaseRow): Category {
  return row.category ?? "other";
}

async function helperLoad(db: Db, helperId: number): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(cases)
    .where(and(eq(cases.assigneeId, helperId), inArray(cases.status, ["assigned", "answering"])));
  return row?.count ?? 0;
}

/** Why this user cannot take this case, or null if they can. */
async function checkHelper(
  db: Db,
  loaded: LoadedCase,
  helperId: number,
): Promise<{ helper: AvailableHelper } | { error: InvalidInput | Conflict }> {
  const [user] = await db.select().from(users).where(eq(users.id, helperId));
  if (!user) throw new NotFound(`用户 #${helperId} `);
  const category = categoryOf(loaded.row);
  const chain = loaded.org ? pathIds(loaded.org.path) : [];
  const available = await findAvailableHelpers(db, chain, category);
  const helper = available.find((candidate) => candidate.userId === helperId);
  if (helper) return { helper };
  if (!user.helperType || user.disabled) {
    return { error: new InvalidInput(`${user.displayName}不是可用的帮扶者 / not an active helper`) };
  }
  if (!(user.helperCategories as string[]).includes(category)) {
    return { error: new InvalidInput(`${user.displayName}不负责此类诉求（${category}） / category not covered`) };
  }
  const load = await helperLoad(db, helperId);
  if (user.helperCapacity !== null && load >= user.helperCapacity) {
    return {
      error: new Conflict(`${user.displayName}已办理 ${load} 件，达到上限 ${user.helperCapacity} / at capacity`),
    };
  }
  return { error: new InvalidInput(`${user.displayName}不属于本组织或上级组织 / not a helper of this org`) };
}

async function giveTo(
  db: Db,
  actor: Actor,
  loaded: LoadedCase,
  helper: AvailableHelper,
  type: "assigned" | "claimed",
  now: Date,
): Promise<CaseRow> {
  const first = firstResponse(loaded.row, now);
  await appendEvent(db, {
    caseId: loaded.row.id,
    type,
    actor: eventActor(actor),
    orgId: loaded.row.orgId,
    data: {
      helperId: helper.userId,
      helperName: helper.displayName,
      helperType: helper.helperType,
      load: helper.load + 1,
      capacity: helper.capacity,
      ...first.data,
    },
    at: now,
  });
  return updateCase(
    db,
    loaded.row.id,
    {
      assigneeId: helper.userId,
      status: loaded.row.status === "answering" ? "answering" : "assigned",
      ...first.patch,
    },
    now,
  );
}

/** A cadre assigns the case to a helper by category and capacity. */
export async function assignCase(
  db: Db,
  actor: Actor,
  input: z.input<typeof AssignSchema>,
  options: { now?: Date } = {},
): Promise<CaseRow> {
  const data = parseInput(AssignSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const loaded = await loadCase(tx, data.caseId, { lock: true });
    assertCan(canChange(actor, scopeOf(loaded)));
    assertStatus(loaded.row, ASSIGNABLE, "分配");
    // helpers of the case's own org come first, then those of the orgs above, nearest first
    let helper: AvailableHelper | undefined;
    if (data.helperId !== undefined) {
      if (data.helperId === loaded.row.assigneeId) throw new Conflict("已分配给此帮扶者 / already assigned to them");
      const checked = await checkHelper(tx, loaded, data.helperId);
      if ("error" in checked) throw checked.error;
      helper = checked.helper;
    } else {
      const chain = loaded.org ? pathIds(loaded.org.path).reverse() : [];
      for (const orgId of chain) {
        helper = (await findAvailableHelpers(tx, [orgId], categoryOf(loaded.row))).find(
          (candidate) => candidate.userId !== loaded.row.assigneeId,
        );
        if (helper) break;
      }
      if (!helper) throw new Conflict("暂无有空余容量的对口帮扶者 / no helper with room for this category");
    }
    return giveTo(tx, actor, loaded, helper, "assigned", now);
  });
}

/** A helper takes an unassigned case of their org (or of an org below it) for themselves. */
export async function claimCase(
  db: Db,
  actor: Actor,
  input: { caseId: number },
  options: { now?: Date } = {},
): Promise<CaseRow> {
  const data = parseInput(CaseIdSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const loaded = await loadCase(tx, data.caseId, { lock: true });
    if (!actor.helper) throw new AccessDenied("只有帮扶者可以认领 / only helpers claim cases");
    const chain = loaded.org ? pathIds(loaded.org.path) : [];
    if (!actor.roles.some((role) => role.role === "helper" && chain.includes(role.orgId))) {
      throw new AccessDenied();
    }
    if (loaded.row.assigneeId !== null) throw new Conflict(`诉求 ${loaded.row.code} 已有人办理 / already assigned`);
    assertStatus(loaded.row, ["routed"], "认领");
    const checked = await checkHelper(tx, loaded, actor.userId);
    if ("error" in checked) throw checked.error;
    return giveTo(tx, actor, loaded, checked.helper, "claimed", now);
  });
}

export interface ClaimableCase {
  id: number;
  code: string;
  title: string;
  category: Category | null;
  region: string | null;
  city: string | null;
  orgName: string;
  dueAt: Date | null;
  urgent: boolean;
}

/**
 * What a helper may claim: unassigned cases of the orgs they help (and below), in the categories they cover —
 * listed without contact details, since a helper reads a case only once it is theirs.
 */
export async function listClaimableCases(db: Db, actor: Actor): Promise<ClaimableCase[]> {
  if (!actor.helper) return [];
  const paths = actor.roles.filter((role) => role.role === "helper").map((role) => role.orgPath);
  if (paths.length === 0) return [];
  const underHelpedOrg = sql.join(
    paths.map((path) => sql`${orgs.path} like ${`${path}%`}`),
    sql` or `,
  );
  return db
    .select({
      id: cases.id,
      code: cases.code,
      title: cases.title,
      category: cases.category,
      region: cases.region,
      city: cases.city,
      orgName: orgs.name,
      dueAt: cases.dueAt,
      urgent: cases.urgent,
    })
    .from(cases)
    .innerJoin(orgs, eq(orgs.id, cases.orgId))
    .where(
      and(
        eq(cases.status, "routed"),
        isNull(cases.assigneeId),
        inArray(cases.category, actor.helper.categories),
        sql`(${underHelpedOrg})`,
      ),
    )
    .orderBy(desc(cases.urgent), cases.dueAt);
}

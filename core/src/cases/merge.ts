/**
 * The same question from several channels is one case: merging folds cases into one, keeping every source
 * (posts, and the merged cases themselves with their contacts) so the answer goes back to each. A case holding
 * two different questions can be split: the chosen posts leave with a new case at the same org.
 */
import type { Db } from "@qnzs/db";
import { CATEGORIES, casePosts, cases } from "@qnzs/db/schema";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan, canChange } from "./access.ts";
import { assertOpen, type CaseRow, eventActor, inTransaction, loadCase, scopeOf, updateCase } from "./case-store.ts";
import { generateCaseCode } from "./codes.ts";
import { Conflict, InvalidInput, parseInput } from "./errors.ts";
import { deadlinePatch, loadSlaContext, planDeadline } from "./sla.ts";
import { appendEvent, type EventActor } from "./timeline.ts";

const Id = z.number().int().positive();

export const MergeSchema = z.object({
  targetCaseId: Id,
  sourceCaseIds: z.array(Id).min(1).max(50),
  reason: z.string().trim().max(500).optional(),
});

/** Folds the source cases into the target. The actor must be able to change every one of them. */
export async function mergeCases(
  db: Db,
  actor: Actor,
  input: z.input<typeof MergeSchema>,
  options: { now?: Date } = {},
): Promise<CaseRow> {
  const data = parseInput(MergeSchema, input);
  const now = options.now ?? new Date();
  const sourceIds = [...new Set(data.sourceCaseIds)];
  if (sourceIds.includes(data.targetCaseId))
    throw new InvalidInput("不能把诉求合并到自身 / cannot merge a case into itself");
  return inTransaction(db, async (tx) => {
    // lock in id order: two merges over the same cases cannot deadlock
    const ids = [data.targetCaseId, ...sourceIds].sort((a, b) => a - b);
    const loaded = new Map<number, Awaited<ReturnType<typeof loadCase>>>();
    for (const id of ids) loaded.set(id, await loadCase(tx, id, { lock: true }));
    for (const entry of loaded.values()) assertCan(canChange(actor, scopeOf(entry)));
    const target = loaded.get(data.targetCaseId)!.row;
    assertOpen(target, "合并");
    const sources = sourceIds.map((id) => loaded.get(id)!.row);
    for (const source of sources) assertOpen(source, "合并");

    return foldCases(tx, target, sources, eventActor(actor), data.reason ?? null, now);
  });
}

/**
 * Folds open, locked source cases into an open, locked target: the target takes their posts, each source points
 * to it, and both timelines say so. `data` is added to the target's event (e.g. that a young person joined).
 */
export async function foldCases(
  tx: Db,
  target: CaseRow,
  sources: CaseRow[],
  actor: EventActor,
  reason: string | null,
  now: Date,
  data: Record<string, unknown> = {},
): Promise<CaseRow> {
  const sourceIds = sources.map((source) => source.id);
  const links = await tx.select().from(casePosts).where(inArray(casePosts.caseId, sourceIds));
  const postIds = [...new Set(links.map((link) => link.postId))];
  if (postIds.length > 0) {
    // the posts now also belong to the target; the merged case keeps its own links as the record
    await tx
      .insert(casePosts)
      .values(postIds.map((postId) => ({ caseId: target.id, postId, addedAt: now })))
      .onConflictDoNothing();
  }
  for (const source of sources) {
    await appendEvent(tx, {
      caseId: source.id,
      type: "merged_into",
      actor,
      orgId: source.orgId,
      reason,
      data: { targetCaseId: target.id, targetCode: target.code, ...data },
      at: now,
    });
    await updateCase(
      tx,
      source.id,
      { status: "merged", mergedInto: target.id, assigneeId: null, warnAt: null, nextEscalationAt: null },
      now,
    );
  }
  await appendEvent(tx, {
    caseId: target.id,
    type: "merged",
    actor,
    orgId: target.orgId,
    reason,
    data: {
      caseIds: sourceIds,
      codes: sources.map((source) => source.code),
      postIds,
      urgent: sources.some((s) => s.urgent),
      ...data,
    },
    at: now,
  });
  return updateCase(tx, target.id, {}, now);
}

export const SplitSchema = z.object({
  caseId: Id,
  postIds: z.array(Id).min(1),
  title: z.string().trim().min(1).max(100),
  description: z.string().trim().min(1).max(5000).optional(),
  category: z.enum(CATEGORIES).optional(),
});

/** Moves some posts of a case into a new case at the same org, with its own deadline from now. */
export async function splitCase(
  db: Db,
  actor: Actor,
  input: z.input<typeof SplitSchema>,
  options: { now?: Date } = {},
): Promise<{ original: CaseRow; split: CaseRow }> {
  const data = parseInput(SplitSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const loaded = await loadCase(tx, data.caseId, { lock: true });
    assertCan(canChange(actor, scopeOf(loaded)));
    assertOpen(loaded.row, "拆分");
    const original = loaded.row;
    const links = await tx.select().from(casePosts).where(eq(casePosts.caseId, original.id));
    const held = new Set(links.map((link) => link.postId));
    const moving = [...new Set(data.postIds)];
    const foreign = moving.filter((id) => !held.has(id));
    if (foreign.length > 0) throw new InvalidInput(`帖子 #${foreign.join(", #")} 不属于此诉求 / not in this case`);
    if (moving.length === held.size) throw new Conflict("拆分须至少保留一条来源 / keep at least one post");

    const [created] = await tx
      .insert(cases)
      .values({
        code: generateCaseCode(now),
        title: data.title,
        description: data.description ?? data.title,
        category: data.category ?? original.category,
        urgent: original.urgent,
        priority: original.priority,
        status: "routed",
        region: original.region,
        city: original.city,
        county: original.county,
        orgId: original.orgId,
        source: original.source,
        contact: original.contact,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const split = created!;
    await tx.delete(casePosts).where(and(eq(casePosts.caseId, original.id), inArray(casePosts.postId, moving)));
    await tx.insert(casePosts).values(moving.map((postId) => ({ caseId: split.id, postId, addedAt: now })));
    await appendEvent(tx, {
      caseId: split.id,
      type: "created",
      actor: eventActor(actor),
      orgId: original.orgId,
      toOrgId: original.orgId,
      reason: `由诉求 ${original.code} 拆分`,
      data: { source: original.source, postIds: moving, splitFrom: original.id },
      at: now,
    });
    await appendEvent(tx, {
      caseId: original.id,
      type: "split",
      actor: eventActor(actor),
      orgId: original.orgId,
      data: { newCaseId: split.id, newCode: split.code, postIds: moving },
      at: now,
    });
    const deadline = planDeadline(await loadSlaContext(tx), split, now);
    const withDeadline = await updateCase(tx, split.id, deadlinePatch(deadline), now);
    return { original: await updateCase(tx, original.id, {}, now), split: withDeadline };
  });
}

/**
 * 反馈归档: the asker rates the answer 1–5 by the case's public code; a low rating (≤ 2) or "not solved"
 * reopens the case with a fresh deadline, anything else closes it. A closed case is archived — by a cadre, or
 * by supervision after a while — and stays searchable.
 */
import type { Db } from "@qnzs/db";
import { cases } from "@qnzs/db/schema";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan, canChange } from "./access.ts";
import {
  assertStatus,
  CaseIdSchema,
  type CaseRow,
  eventActor,
  inTransaction,
  loadCase,
  scopeOf,
  updateCase,
} from "./case-store.ts";
import { normalizeCaseCode } from "./codes.ts";
import { NotFound, parseInput } from "./errors.ts";
import { deadlinePatch, loadSlaContext, planDeadline } from "./sla.ts";
import { appendEvent, type EventActor, PUBLIC, SYSTEM } from "./timeline.ts";

/** Ratings at or below this reopen the case. */
export const REOPEN_AT_OR_BELOW = 2;

export const RateSchema = z.object({
  code: z.string().trim().min(1).max(40),
  rating: z.number().int().min(1, "评分为 1–5 / rating 1–5").max(5, "评分为 1–5 / rating 1–5"),
  comment: z.string().trim().max(1000).optional(),
  /** the asker's "问题解决了吗？"; false reopens whatever the rating */
  solved: z.boolean().optional(),
});

interface Options {
  now?: Date;
}

/** The asker rates the answer. Returns the case, closed or reopened. */
export async function rateCase(db: Db, input: z.input<typeof RateSchema>, options: Options = {}): Promise<CaseRow> {
  const data = parseInput(RateSchema, input);
  const now = options.now ?? new Date();
  const code = normalizeCaseCode(data.code);
  if (!code) throw new NotFound(`诉求编号 ${data.code} `);
  return inTransaction(db, async (tx) => {
    const [found] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.code, code));
    if (!found) throw new NotFound(`诉求编号 ${data.code} `);
    const { row } = await loadCase(tx, found.id, { lock: true });
    assertStatus(row, ["answered"], "评价（尚无待评价的答复）");
    await appendEvent(tx, {
      caseId: row.id,
      type: "rated",
      actor: PUBLIC,
      orgId: row.orgId,
      reason: data.comment ?? null,
      data: { rating: data.rating, solved: data.solved ?? null },
      at: now,
    });
    const rated = await updateCase(tx, row.id, { rating: data.rating, ratingComment: data.comment ?? null }, now);
    const unsolved = data.solved === false;
    if (data.rating <= REOPEN_AT_OR_BELOW || unsolved) {
      const why = unsolved ? "群众反馈问题未解决" : `群众评价 ${data.rating} 分`;
      return reopen(tx, rated, PUBLIC, `${why}，重新办理`, now);
    }
    await appendEvent(tx, {
      caseId: row.id,
      type: "closed",
      actor: SYSTEM,
      orgId: row.orgId,
      reason: `群众评价 ${data.rating} 分，办结`,
      at: now,
    });
    return updateCase(tx, row.id, { status: "closed", closedAt: now }, now);
  });
}

/**
 * Back to work: to the helper who had it (or unassigned), with a new deadline from now and supervision from
 * level 0 — the previous round's escalation stays in the timeline.
 */
async function reopen(db: Db, row: CaseRow, actor: EventActor, reason: string, now: Date): Promise<CaseRow> {
  const deadline = planDeadline(await loadSlaContext(db), row, now);
  await appendEvent(db, {
    caseId: row.id,
    type: "reopened",
    actor,
    orgId: row.orgId,
    reason,
    data: { dueAt: deadline.dueAt.toISOString(), round: row.reopenCount + 2 },
    at: now,
  });
  return updateCase(
    db,
    row.id,
    {
      status: row.assigneeId ? "assigned" : "routed",
      reopenCount: row.reopenCount + 1,
      closedAt: null,
      ...deadlinePatch(deadline),
    },
    now,
  );
}

/** Closing or reopening by hand: the case and why. */
export const CaseReasonSchema = z.object({
  caseId: z.number().int().positive(),
  reason: z.string().trim().min(2).max(500),
});

/** A cadre reopens an answered or closed case (the asker called again, the answer proved wrong). */
export async function reopenCase(
  db: Db,
  actor: Actor,
  input: z.input<typeof CaseReasonSchema>,
  options: Options = {},
): Promise<CaseRow> {
  const data = parseInput(CaseReasonSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const loaded = await loadCase(tx, data.caseId, { lock: true });
    assertCan(canChange(actor, scopeOf(loaded)));
    assertStatus(loaded.row, ["answered", "closed"], "重新办理");
    return reopen(tx, loaded.row, eventActor(actor), data.reason, now);
  });
}

/** A cadre closes an answered case the asker has not rated. */
export async function closeCase(
  db: Db,
  actor: Actor,
  input: z.input<typeof CaseReasonSchema>,
  options: Options = {},
): Promise<CaseRow> {
  const data = parseInput(CaseReasonSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const loaded = await loadCase(tx, data.caseId, { lock: true });
    assertCan(canChange(actor, scopeOf(loaded)));
    assertStatus(loaded.row, ["answered"], "办结");
    await appendEvent(tx, {
      caseId: loaded.row.id,
      type: "closed",
      actor: eventActor(actor),
      orgId: loaded.row.orgId,
      reason: data.reason,
      at: now,
    });
    return updateCase(tx, loaded.row.id, { status: "closed", closedAt: now }, now);
  });
}

/** Archives a closed case (归档): read-only from then on, and found by search. */
export async function archiveCase(
  db: Db,
  actor: Actor,
  input: { caseId: number },
  options: Options = {},
): Promise<CaseRow> {
  const data = parseInput(CaseIdSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const loaded = await loadCase(tx, data.caseId, { lock: true });
    assertCan(canChange(actor, scopeOf(loaded)));
    return archive(tx, loaded.row, eventActor(actor), null, now);
  });
}

export async function archive(
  db: Db,
  row: CaseRow,
  actor: EventActor,
  reason: string | null,
  now: Date,
): Promise<CaseRow> {
  assertStatus(row, ["closed"], "归档");
  await appendEvent(db, { caseId: row.id, type: "archived", actor, orgId: row.orgId, reason, at: now });
  return updateCase(db, row.id, { status: "archived", archivedAt: now }, now);
}

/**
 * 答复: an answer goes draft → in review → approved (or rejected back to its author). Approval is by someone
 * other than the author; it marks the case answered, which stops its clock. Sending the approved answer to
 * every source channel is the publishing outbox's work, not this module's. An approved answer can be made a
 * public unified answer in the knowledge base.
 */
import type { Db } from "@qnzs/db";
import { answers } from "@qnzs/db/schema";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan, canAnswer, canPublish, canReview } from "./access.ts";
import {
  assertOpen,
  type CaseRow,
  eventActor,
  firstResponse,
  inTransaction,
  type LoadedCase,
  loadCase,
  scopeOf,
  updateCase,
} from "./case-store.ts";
import { AccessDenied, Conflict, NotFound, parseInput } from "./errors.ts";
import { appendEvent } from "./timeline.ts";

export type AnswerRow = typeof answers.$inferSelect;

const Body = z.string().trim().min(5, "答复内容过短 / the answer is too short").max(10_000);
const Id = z.number().int().positive();

interface Options {
  now?: Date;
}

/** Submitting an answer for review or making it public names just the answer. */
export const AnswerIdSchema = z.object({ answerId: Id });

export const DraftAnswerSchema = z.object({
  caseId: Id,
  body: Body,
  /** per-channel versions (weibo: a shorter text …) */
  variants: z.record(z.string(), z.string().max(10_000)).optional(),
});

/** Writes a draft answer: the assigned helper or a cadre handling the case. */
export async function draftAnswer(
  db: Db,
  actor: Actor,
  input: z.input<typeof DraftAnswerSchema>,
  options: Options = {},
): Promise<AnswerRow> {
  const data = parseInput(DraftAnswerSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const loaded = await loadCase(tx, data.caseId, { lock: true });
    assertCan(canAnswer(actor, scopeOf(loaded)));
    assertOpen(loaded.row, "答复");
    const [answer] = await tx
      .insert(answers)
      .values({
        caseId: loaded.row.id,
        authorId: actor.userId,
        orgId: loaded.row.orgId,
        body: data.body,
        variants: data.variants ?? null,
        status: "draft",
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const first = firstResponse(loaded.row, now);
    await appendEvent(tx, {
      caseId: loaded.row.id,
      type: "answer_drafted",
      actor: eventActor(actor),
      orgId: loaded.row.orgId,
      data: { answerId: answer!.id, ...first.data },
      at: now,
    });
    await updateCase(tx, loaded.row.id, { status: "answering", ...first.patch }, now);
    return answer!;
  });
}

async function loadAnswer(db: Db, answerId: number): Promise<{ answer: AnswerRow; loaded: LoadedCase }> {
  const [answer] = await db.select().from(answers).where(eq(answers.id, answerId)).for("update");
  if (!answer) throw new NotFound(`答复 #${answerId} `);
  if (answer.caseId === null) throw new NotFound(`诉求答复 #${answerId} `);
  return { answer, loaded: await loadCase(db, answer.caseId, { lock: true }) };
}

export const ReviseAnswerSchema = z.object({ answerId: Id, body: Body, variants: DraftAnswerSchema.shape.variants });

/** The author edits their draft or a rejected answer; it becomes a draft again. */
export async function reviseAnswer(
  db: Db,
  actor: Actor,
  input: z.input<typeof ReviseAnswerSchema>,
  options: Options = {},
): Promise<AnswerRow> {
  const data = parseInput(ReviseAnswerSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const { answer, loaded } = await loadAnswer(tx, data.answerId);
    assertCan(
      canAnswer(actor, scopeOf(loaded)) && answer.authorId === actor.userId,
      "只能修改自己的答复 / only the author revises",
    );
    if (answer.status !== "draft" && answer.status !== "rejected") {
      throw new Conflict(`答复当前为 ${answer.status}，不能修改 / cannot revise in status ${answer.status}`);
    }
    const updated = await setAnswer(tx, answer.id, {
      body: data.body,
      variants: data.variants ?? answer.variants,
      status: "draft",
      updatedAt: now,
    });
    return updated;
  });
}

/** The author sends the draft for review. */
export async function submitAnswer(
  db: Db,
  actor: Actor,
  input: { answerId: number },
  options: Options = {},
): Promise<AnswerRow> {
  const data = parseInput(AnswerIdSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const { answer, loaded } = await loadAnswer(tx, data.answerId);
    assertCan(
      canAnswer(actor, scopeOf(loaded)) && answer.authorId === actor.userId,
      "只能提交自己的答复 / only the author submits",
    );
    if (answer.status !== "draft") throw new Conflict(`答复当前为 ${answer.status}，不能提交审核 / not a draft`);
    assertOpen(loaded.row, "提交答复");
    const updated = await setAnswer(tx, answer.id, { status: "in_review", updatedAt: now });
    await appendEvent(tx, {
      caseId: loaded.row.id,
      type: "answer_submitted",
      actor: eventActor(actor),
      orgId: loaded.row.orgId,
      data: { answerId: answer.id },
      at: now,
    });
    await updateCase(tx, loaded.row.id, {}, now);
    return updated;
  });
}

/** What an approval hands to the caller's `onApproved`, inside the approval's transaction. */
export interface ApprovedAnswer {
  answer: AnswerRow;
  case: CaseRow;
  /** the case and its org as they were before the approval */
  loaded: LoadedCase;
}

export interface ReviewOptions extends Options {
  /**
   * Runs in the approval's transaction after the answer is approved (publishing plans its outbox rows here);
   * a throw rolls the approval back.
   */
  onApproved?: (tx: Db, approved: ApprovedAnswer) => Promise<void>;
}

export const ReviewAnswerSchema = z
  .object({ answerId: Id, approve: z.boolean(), note: z.string().trim().max(1000).optional() })
  .refine((input) => input.approve || (input.note && input.note.length >= 2), {
    message: "退回修改须说明理由 / a rejection needs a note",
    path: ["note"],
  });

/**
 * A reviewer approves or rejects an answer in review. Approval marks the case answered and records whether it
 * was answered by its due time — what assessment counts as 按时答复.
 */
export async function reviewAnswer(
  db: Db,
  actor: Actor,
  input: z.input<typeof ReviewAnswerSchema>,
  options: ReviewOptions = {},
): Promise<{ answer: AnswerRow; case: CaseRow }> {
  const data = parseInput(ReviewAnswerSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const { answer, loaded } = await loadAnswer(tx, data.answerId);
    assertCan(canReview(actor, scopeOf(loaded)));
    if (answer.authorId === actor.userId) throw new AccessDenied("不能审核自己撰写的答复 / reviewing your own answer");
    if (answer.status !== "in_review") throw new Conflict(`答复当前为 ${answer.status}，不在审核中 / not in review`);
    assertOpen(loaded.row, "审核答复");
    const updated = await setAnswer(tx, answer.id, {
      status: data.approve ? "approved" : "rejected",
      reviewerId: actor.userId,
      reviewNote: data.note ?? null,
      updatedAt: now,
    });
    if (!data.approve) {
      await appendEvent(tx, {
        caseId: loaded.row.id,
        type: "answer_rejected",
        actor: eventActor(actor),
        orgId: loaded.row.orgId,
        reason: data.note ?? null,
        data: { answerId: answer.id },
        at: now,
      });
      return { answer: updated, case: await updateCase(tx, loaded.row.id, {}, now) };
    }
    const dueAt = loaded.row.dueAt;
    await appendEvent(tx, {
      caseId: loaded.row.id,
      type: "answer_approved",
      actor: eventActor(actor),
      orgId: loaded.row.orgId,
      reason: data.note ?? null,
      data: {
        answerId: answer.id,
        dueAt: dueAt?.toISOString() ?? null,
        onTime: dueAt === null || now.getTime() <= dueAt.getTime(),
      },
      at: now,
    });
    const row = await updateCase(tx, loaded.row.id, { status: "answered", answeredAt: now }, now);
    await options.onApproved?.(tx, { answer: updated, case: row, loaded });
    return { answer: updated, case: row };
  });
}

/** Makes an approved (or published) answer a public unified answer in the knowledge base. */
export async function makeAnswerPublic(
  db: Db,
  actor: Actor,
  input: { answerId: number },
  options: Options = {},
): Promise<AnswerRow> {
  const data = parseInput(AnswerIdSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const { answer, loaded } = await loadAnswer(tx, data.answerId);
    assertCan(canPublish(actor, scopeOf(loaded)));
    if (answer.status !== "approved" && answer.status !== "published") {
      throw new Conflict("只有已审核通过的答复可以公开 / only approved answers become public");
    }
    if (answer.isPublic) return answer;
    const updated = await setAnswer(tx, answer.id, { isPublic: true, updatedAt: now });
    await appendEvent(tx, {
      caseId: loaded.row.id,
      type: "answer_made_public",
      actor: eventActor(actor),
      orgId: loaded.row.orgId,
      data: { answerId: answer.id },
      at: now,
    });
    await updateCase(tx, loaded.row.id, {}, now);
    return updated;
  });
}

export async function listAnswers(db: Db, caseId: number): Promise<AnswerRow[]> {
  return db.select().from(answers).where(eq(answers.caseId, caseId)).orderBy(answers.id);
}

/** Writes changes to one answer and returns it as stored. */
async function setAnswer(tx: Db, answerId: number, changes: Partial<typeof answers.$inferInsert>): Promise<AnswerRow> {
  const [updated] = await tx.update(answers).set(changes).where(eq(answers.id, answerId)).returning();
  if (!updated) throw new NotFound(`答复 ${answerId} 不存在 / answer not found`);
  return updated;
}

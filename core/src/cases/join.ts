/**
 * 同问: a young person with the same question as an open case joins it instead of filing it again. They still get
 * their own case (their own code, consent and contact), folded at once into the case they joined, so their code
 * follows its progress and its answer, and the answer goes back to them as to every merged asker.
 */
import type { Db } from "@qnzs/db";
import { type CaseStatus, cases } from "@qnzs/db/schema";
import { z } from "zod";
import { type CaseRow, inTransaction, loadCase, OPEN_STATUSES } from "./case-store.ts";
import { generateCaseCode } from "./codes.ts";
import { Conflict, parseInput } from "./errors.ts";
import {
  draftFromQuestion,
  findQuestionByRef,
  type IntakeOptions,
  openCase,
  type Question,
  QuestionSchema,
  storeQuestionPost,
} from "./intake.ts";
import { foldCases } from "./merge.ts";
import { appendEvent, PUBLIC } from "./timeline.ts";

export const JoinCaseSchema = QuestionSchema.omit({ source: true }).extend({
  /** the open case to join, by id: its code is its asker's key and is never shown to others */
  caseId: z.number().int().positive(),
});
export type JoinCaseInput = z.input<typeof JoinCaseSchema>;

const REFUSALS: Partial<Record<CaseStatus, string>> = {
  answered: "这个问题已经答复，不能再同问；请在首页查看答复，或单独提问",
  closed: "这个问题已经办结，不能再同问，请单独提问",
  archived: "这个问题已经办结归档，不能再同问，请单独提问",
  merged: "这个问题已与其他问题合并办理，不能同问，请单独提问",
};

function assertJoinable(row: CaseRow): void {
  if (OPEN_STATUSES.includes(row.status)) return;
  const message = REFUSALS[row.status] ?? "这个问题当前不能同问，请单独提问";
  throw new Conflict(`${message} / case ${row.id} is ${row.status} and cannot be joined`);
}

/**
 * Joins an open case with the asker's own question. Returns the asker's case and whether it joined: an urgent
 * question is opened on its own instead, so it keeps the fast lane to a 12355 desk. A repeated externalRef
 * returns the case made the first time.
 */
export async function joinOpenCase(
  db: Db,
  input: JoinCaseInput,
  options: IntakeOptions = {},
): Promise<{ case: CaseRow; joined: boolean }> {
  const { caseId, ...rest } = parseInput(JoinCaseSchema, input);
  const data: Question = { ...rest, source: "portal" };
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const existing = await findQuestionByRef(tx, data);
    if (existing) return { case: existing, joined: existing.mergedInto === caseId };
    const target = (await loadCase(tx, caseId, { lock: true })).row;
    assertJoinable(target);
    const draft = await draftFromQuestion(tx, data);
    if (draft.urgent) {
      const own = await openCase(tx, draft, PUBLIC, now);
      await storeQuestionPost(tx, own, data, now);
      return { case: own, joined: false };
    }
    const [inserted] = await tx
      .insert(cases)
      .values({
        code: generateCaseCode(now),
        title: draft.title,
        description: draft.description,
        category: draft.category ?? target.category,
        urgent: false,
        priority: draft.priority,
        status: "new",
        region: draft.place.region,
        city: draft.place.city,
        county: draft.place.county,
        // at the joined case's org, so the cadres handling that case see who joined it
        orgId: target.orgId,
        source: "portal",
        contact: Object.keys(draft.contact ?? {}).length > 0 ? draft.contact : null,
        externalRef: draft.externalRef,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const own = inserted!;
    const postId = await storeQuestionPost(tx, own, data, now);
    await appendEvent(tx, {
      caseId: own.id,
      type: "created",
      actor: PUBLIC,
      orgId: target.orgId,
      data: { source: "portal", postIds: postId === null ? [] : [postId], joinedCaseId: target.id },
      at: now,
    });
    await foldCases(tx, target, [own], PUBLIC, "同问：青年在门户提出了相同的问题", now, { joined: true });
    return { case: (await loadCase(tx, own.id)).row, joined: true };
  });
}

/**
 * Who may see and act on publications: the answer's case decides. Those who read the case see the status of every
 * target; those who may publish answers there (admins, cadres, editors of the subtree) retry, cancel and confirm.
 * Standalone answers (no case) belong to their org.
 */
import type { Db } from "@qnzs/db";
import { answers, orgs, publications } from "@qnzs/db/schema";
import { eq } from "drizzle-orm";
import { type Actor, assertCan, type CaseScope, canPublish, canRead } from "../cases/access.ts";
import { loadCase, scopeOf } from "../cases/case-store.ts";
import { NotFound } from "../cases/errors.ts";
import { PublicationNotFound } from "./errors.ts";
import {
  cancelPublication,
  confirmPublished,
  listPublications,
  type PublicationRow,
  retryPublication,
  STATUS_NAMES,
} from "./outbox.ts";
import { PublicationPayloadSchema } from "./payload.ts";
import { settleAnswerPublication } from "./portal.ts";

export async function assertCanSeePublications(db: Db, actor: Actor, answerId: number): Promise<void> {
  assertCan(canRead(actor, await answerScope(db, answerId)));
}

/** Returns the answer the publication belongs to. */
export async function assertCanActOnPublication(db: Db, actor: Actor, publicationId: number): Promise<number> {
  const [row] = await db
    .select({ answerId: publications.answerId })
    .from(publications)
    .where(eq(publications.id, publicationId));
  if (!row) throw new PublicationNotFound(publicationId);
  assertCan(
    canPublish(actor, await answerScope(db, row.answerId)),
    "无权操作此发布记录 / only editors, cadres and admins of the case's org act on its publications",
  );
  return row.answerId;
}

export const PUBLICATION_ACTIONS = ["retry", "cancel", "confirm"] as const;
export type PublicationAction = (typeof PUBLICATION_ACTIONS)[number];

/**
 * A person's decision on one target — send it again, stop it, or confirm a parked send they found on the
 * platform — checked against their rights, recorded in the audit log, and settled: a cancelled or confirmed row
 * may be the last one its answer waited for. Returns the row and all rows of its answer.
 */
export async function decidePublication(
  db: Db,
  actor: Actor,
  input: { id: number; action: PublicationAction; reason?: string | null; remoteUrl?: string | null },
  now: Date,
): Promise<{ publication: PublicationRow; publications: PublicationRow[] }> {
  const answerId = await assertCanActOnPublication(db, actor, input.id);
  const action = { id: input.id, actorId: actor.userId, now, reason: input.reason ?? null };
  const publication =
    input.action === "retry"
      ? await retryPublication(db, action)
      : input.action === "cancel"
        ? await cancelPublication(db, action)
        : await confirmPublished(db, { ...action, remoteUrl: input.remoteUrl ?? null });
  await settleAnswerPublication(db, answerId, now);
  return { publication, publications: await listPublications(db, answerId) };
}

async function answerScope(db: Db, answerId: number): Promise<CaseScope> {
  const [answer] = await db.select().from(answers).where(eq(answers.id, answerId));
  if (!answer) throw new NotFound(`答复 #${answerId} `);
  if (answer.caseId !== null) return scopeOf(await loadCase(db, answer.caseId));
  const [org] = answer.orgId === null ? [] : await db.select().from(orgs).where(eq(orgs.id, answer.orgId));
  return { orgId: answer.orgId, orgPath: org?.path ?? null, assigneeId: null };
}

/** A publication as the console shows it: the target's state, what it says, where it went; never the lease. */
export interface PublicationView {
  id: number;
  answerId: number;
  target: string;
  channel: string;
  accountId: number | null;
  kind: string | null;
  status: PublicationRow["status"];
  statusName: string;
  attempts: number;
  nextAttemptAt: Date;
  /** for a failed or parked row why; for a sent one the platform's note (an operator task to do) */
  lastError: string | null;
  remoteId: string | null;
  remoteUrl: string | null;
  sentAt: Date | null;
  updatedAt: Date;
  /** the text that is (or was) sent, masked at approval */
  text: string | null;
}

export function toPublicationView(row: PublicationRow): PublicationView {
  const payload = PublicationPayloadSchema.safeParse(row.payload);
  return {
    id: row.id,
    answerId: row.answerId,
    target: row.target,
    channel: row.target.split(":")[0] ?? row.target,
    accountId: row.accountId,
    kind: payload.success ? payload.data.kind : null,
    status: row.status,
    statusName: STATUS_NAMES[row.status],
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
    remoteId: row.remoteId,
    remoteUrl: row.remoteUrl,
    sentAt: row.sentAt,
    updatedAt: row.updatedAt,
    text: payload.success ? payload.data.text : null,
  };
}

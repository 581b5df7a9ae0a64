/**
 * The hub's own targets and the end of publishing. The portal row is sent locally: its answer becomes a public
 * unified answer (the portal page, the knowledge base, the feeds) — idempotent, so a worker that died half-way
 * simply does it again. An answer becomes `published` once its portal page is out, or, with no portal row, once
 * every row that was not cancelled is sent; the case timeline records it, which is what webhooks report.
 */
import type { PublishResult } from "@qnzs/adapters/contract";
import type { Db } from "@qnzs/db";
import { answers, cases, publications } from "@qnzs/db/schema";
import { and, eq } from "drizzle-orm";
import { appendEvent, SYSTEM } from "../cases/timeline.ts";
import { PORTAL_CHANNEL } from "./targets.ts";

/** The answer's page on the portal whose public address is `base` (`QNZS_PUBLIC_URL`, or the hub's own). */
export function portalAnswerUrl(base: string, answerId: number): string {
  return `${base.replace(/\/+$/, "")}/answers/${answerId}`;
}

/** Makes the answer public on the portal. Returns what the outbox records as the portal row's result. */
export async function publishToPortal(
  db: Db,
  answerId: number,
  options: { now: Date; url: string | null },
): Promise<PublishResult> {
  return db.transaction(async (tx) => {
    const [answer] = await tx.select().from(answers).where(eq(answers.id, answerId)).for("update");
    if (!answer) throw new Error(`answer ${answerId} is gone`);
    if (!answer.isPublic) {
      await tx.update(answers).set({ isPublic: true, updatedAt: options.now }).where(eq(answers.id, answerId));
      if (answer.caseId !== null) {
        const [row] = await tx.select({ orgId: cases.orgId }).from(cases).where(eq(cases.id, answer.caseId));
        await appendEvent(tx as unknown as Db, {
          caseId: answer.caseId,
          type: "answer_made_public",
          actor: SYSTEM,
          orgId: row?.orgId ?? null,
          data: { answerId, via: "publication" },
          at: options.now,
        });
      }
    }
    return { remoteId: `portal:answer:${answerId}`, url: options.url };
  });
}

/** Whether the portal page of this answer is out: a sent portal row. */
export async function isOnPortal(db: Db, answerId: number): Promise<boolean> {
  const [answer] = await db.select({ isPublic: answers.isPublic }).from(answers).where(eq(answers.id, answerId));
  return answer?.isPublic === true;
}

/**
 * Marks the answer published when its targets are out; returns true when this call did it. Safe to call after
 * every recorded send, from any number of workers: the UPDATE names the state it expects.
 */
export async function settleAnswerPublication(db: Db, answerId: number, now: Date): Promise<boolean> {
  const rows = await db
    .select({ target: publications.target, status: publications.status })
    .from(publications)
    .where(eq(publications.answerId, answerId));
  const portal = rows.find((row) => row.target === PORTAL_CHANNEL);
  const live = rows.filter((row) => row.status !== "cancelled");
  const done = portal ? portal.status === "sent" : live.length > 0 && live.every((row) => row.status === "sent");
  if (!done) return false;
  return db.transaction(async (tx) => {
    const [answer] = await tx
      .update(answers)
      .set({ status: "published", updatedAt: now })
      .where(and(eq(answers.id, answerId), eq(answers.status, "approved")))
      .returning();
    if (!answer) return false;
    if (answer.caseId !== null) {
      const [row] = await tx.select({ orgId: cases.orgId }).from(cases).where(eq(cases.id, answer.caseId));
      await appendEvent(tx as unknown as Db, {
        caseId: answer.caseId,
        type: "answer_published",
        actor: SYSTEM,
        orgId: row?.orgId ?? null,
        data: {
          answerId,
          targets: rows.map((entry) => ({ target: entry.target, status: entry.status })),
        },
        at: now,
      });
    }
    return true;
  });
}

/**
 * Reading and locking one case inside a transaction, and the small rules every change shares: which statuses
 * are open, who the event's actor is, when the first response happened.
 */
import type { Db } from "@qnzs/db";
import { type CaseStatus, cases, orgs } from "@qnzs/db/schema";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Actor, CaseScope } from "./access.ts";
import { Conflict, NotFound } from "./errors.ts";
import type { OrgRow } from "./org-tree.ts";
import type { EventActor } from "./timeline.ts";

export type CaseRow = typeof cases.$inferSelect;

/** Claiming, archiving: actions that name just the case. */
export const CaseIdSchema = z.object({ caseId: z.number().int().positive() });

/** Statuses in which someone still owes the asker an answer: the deadline clock runs. */
export const OPEN_STATUSES: readonly CaseStatus[] = ["new", "routed", "assigned", "answering"];

export interface LoadedCase {
  row: CaseRow;
  org: OrgRow | null;
}

/** Reads a case and its org, locking the case row until the transaction ends (`lock`: true). */
export async function loadCase(db: Db, caseId: number, options: { lock?: boolean } = {}): Promise<LoadedCase> {
  const query = db.select().from(cases).where(eq(cases.id, caseId));
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row) throw new NotFound(`诉求 #${caseId} `);
  const [org] = row.orgId === null ? [] : await db.select().from(orgs).where(eq(orgs.id, row.orgId));
  return { row, org: org ?? null };
}

export function scopeOf(loaded: LoadedCase): CaseScope {
  return { orgId: loaded.row.orgId, orgPath: loaded.org?.path ?? null, assigneeId: loaded.row.assigneeId };
}

export function assertOpen(row: CaseRow, action: string): void {
  if (!OPEN_STATUSES.includes(row.status)) {
    throw new Conflict(
      `诉求 ${row.code} 当前状态为 ${row.status}，不能${action} / not possible in status ${row.status}`,
    );
  }
}

export function assertStatus(row: CaseRow, allowed: readonly CaseStatus[], action: string): void {
  if (!allowed.includes(row.status)) {
    throw new Conflict(
      `诉求 ${row.code} 当前状态为 ${row.status}，不能${action} / not possible in status ${row.status}`,
    );
  }
}

export function eventActor(actor: Actor): EventActor {
  return { kind: "user", userId: actor.userId };
}

/** Runs `work` in a transaction; the handle it gets runs queries like a Db. */
export function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx as unknown as Db));
}

/**
 * The fields to set when a person acts on a case for the first time (受理): the time is kept on the case and the
 * event carries `firstResponse`, which assessment counts.
 */
export function firstResponse(row: CaseRow, now: Date): { patch: Partial<CaseRow>; data: Record<string, unknown> } {
  if (row.firstResponseAt) return { patch: {}, data: {} };
  return { patch: { firstResponseAt: now }, data: { firstResponse: true } };
}

export async function updateCase(db: Db, caseId: number, patch: Partial<CaseRow>, now: Date): Promise<CaseRow> {
  const { id: _id, ...rest } = patch;
  const [row] = await db
    .update(cases)
    .set({ ...rest, updatedAt: now })
    .where(eq(cases.id, caseId))
    .returning();
  return row!;
}

/**
 * Moving a case between orgs by hand: transfer (转办) to another org with a reason, send back (退回) to the org
 * it came from, and reassignment (申请改派) requested by the holding org and decided by its parent. Each lands
 * through `placeCase`, so an org with nobody able to take the case passes it up.
 */
import type { Db } from "@qnzs/db";
import { caseEvents, caseReassignments } from "@qnzs/db/schema";
import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan, canChange, holdsRoleOver } from "./access.ts";
import {
  assertOpen,
  type CaseRow,
  eventActor,
  firstResponse,
  inTransaction,
  loadCase,
  scopeOf,
  updateCase,
} from "./case-store.ts";
import { AccessDenied, Conflict, InvalidInput, NotFound, parseInput } from "./errors.ts";
import { getOrg, isWithin, listAncestors } from "./org-tree.ts";
import { placeCase } from "./routing.ts";
import { appendEvent } from "./timeline.ts";

const Reason = z.string().trim().min(2, "请说明理由 / give a reason").max(500);
const Id = z.number().int().positive();

export type ReassignmentRow = typeof caseReassignments.$inferSelect;

interface Options {
  now?: Date;
}

async function assertNoPendingReassignment(db: Db, row: CaseRow): Promise<void> {
  const [pending] = await db
    .select({ id: caseReassignments.id })
    .from(caseReassignments)
    .where(and(eq(caseReassignments.caseId, row.id), eq(caseReassignments.status, "pending")));
  if (pending) throw new Conflict(`诉求 ${row.code} 有待审批的改派申请 / a reassignment request is pending`);
}

export const TransferSchema = z.object({ caseId: Id, toOrgId: Id, reason: Reason });

/** 转办: hands the case to another org, which becomes responsible for it (its clock keeps running). */
export async function transferCase(
  db: Db,
  actor: Actor,
  input: z.input<typeof TransferSchema>,
  options: Options = {},
): Promise<CaseRow> {
  const data = parseInput(TransferSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const loaded = await loadCase(tx, data.caseId, { lock: true });
    assertCan(canChange(actor, scopeOf(loaded)));
    assertOpen(loaded.row, "转办");
    if (loaded.row.orgId === data.toOrgId) throw new InvalidInput("不能转办给本组织 / already at this org");
    await assertNoPendingReassignment(tx, loaded.row);
    const target = await getOrg(tx, data.toOrgId);
    const first = firstResponse(loaded.row, now);
    if (first.patch.firstResponseAt) await updateCase(tx, loaded.row.id, first.patch, now);
    return placeCase(tx, loaded.row, target, {
      type: "transferred",
      actor: eventActor(actor),
      now,
      fromOrgId: loaded.row.orgId,
      reason: data.reason,
      data: first.data,
    });
  });
}

export const ReturnSchema = z.object({ caseId: Id, reason: Reason });

/**
 * The org a case would be sent back to: the one that last handed it here by hand (transfer, send-back or
 * approved reassignment), else the parent — who dispatched it by routing.
 */
export async function findSender(db: Db, row: CaseRow): Promise<number | null> {
  if (row.orgId === null) return null;
  const [last] = await db
    .select({ fromOrgId: caseEvents.fromOrgId })
    .from(caseEvents)
    .where(
      and(
        eq(caseEvents.caseId, row.id),
        eq(caseEvents.toOrgId, row.orgId),
        isNotNull(caseEvents.fromOrgId),
        inArray(caseEvents.type, ["transferred", "returned", "reassignment_approved"]),
      ),
    )
    .orderBy(desc(caseEvents.createdAt), desc(caseEvents.id))
    .limit(1);
  if (last?.fromOrgId && last.fromOrgId !== row.orgId) return last.fromOrgId;
  const org = await getOrg(db, row.orgId);
  return org.parentId;
}

/** 退回: the holding org sends the case back, saying why (not ours, not enough information …). */
export async function returnCase(
  db: Db,
  actor: Actor,
  input: z.input<typeof ReturnSchema>,
  options: Options = {},
): Promise<CaseRow> {
  const data = parseInput(ReturnSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const loaded = await loadCase(tx, data.caseId, { lock: true });
    assertCan(canChange(actor, scopeOf(loaded)));
    assertOpen(loaded.row, "退回");
    await assertNoPendingReassignment(tx, loaded.row);
    const senderId = await findSender(tx, loaded.row);
    if (senderId === null) throw new Conflict("没有可退回的组织 / nowhere to send it back to");
    const first = firstResponse(loaded.row, now);
    if (first.patch.firstResponseAt) await updateCase(tx, loaded.row.id, first.patch, now);
    return placeCase(tx, loaded.row, await getOrg(tx, senderId), {
      type: "returned",
      actor: eventActor(actor),
      now,
      fromOrgId: loaded.row.orgId,
      reason: data.reason,
      data: first.data,
    });
  });
}

export const RequestReassignmentSchema = z.object({ caseId: Id, reason: Reason, suggestedOrgId: Id.optional() });

/** 申请改派: the holding org asks its parent to give the case to another org. */
export async function requestReassignment(
  db: Db,
  actor: Actor,
  input: z.input<typeof RequestReassignmentSchema>,
  options: Options = {},
): Promise<ReassignmentRow> {
  const data = parseInput(RequestReassignmentSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const loaded = await loadCase(tx, data.caseId, { lock: true });
    assertCan(canChange(actor, scopeOf(loaded)));
    assertOpen(loaded.row, "申请改派");
    await assertNoPendingReassignment(tx, loaded.row);
    const org = loaded.org!;
    if (org.parentId === null) throw new Conflict("团中央没有上级组织可审批改派 / the root has no parent to ask");
    if (data.suggestedOrgId !== undefined) await getOrg(tx, data.suggestedOrgId);
    const [request] = await tx
      .insert(caseReassignments)
      .values({
        caseId: loaded.row.id,
        fromOrgId: org.id,
        requestedBy: actor.userId,
        reason: data.reason,
        suggestedOrgId: data.suggestedOrgId ?? null,
        createdAt: now,
      })
      .returning();
    const first = firstResponse(loaded.row, now);
    await appendEvent(tx, {
      caseId: loaded.row.id,
      type: "reassignment_requested",
      actor: eventActor(actor),
      orgId: org.id,
      fromOrgId: org.id,
      toOrgId: org.parentId,
      reason: data.reason,
      data: { requestId: request!.id, suggestedOrgId: data.suggestedOrgId ?? null, ...first.data },
      at: now,
    });
    await updateCase(tx, loaded.row.id, first.patch, now);
    return request!;
  });
}

export const DecideReassignmentSchema = z
  .object({
    requestId: Id,
    approve: z.boolean(),
    /** where the case goes; defaults to the org the request suggested */
    toOrgId: Id.optional(),
    note: z.string().trim().max(500).optional(),
  })
  .refine((input) => input.approve || (input.note && input.note.length >= 2), {
    message: "驳回须说明理由 / a rejection needs a note",
    path: ["note"],
  });

/**
 * The parent org (or an org above it) approves or rejects a reassignment request. On approval the case goes to
 * the chosen org, which must lie within the approver's own area.
 */
export async function decideReassignment(
  db: Db,
  actor: Actor,
  input: z.input<typeof DecideReassignmentSchema>,
  options: Options = {},
): Promise<CaseRow> {
  const data = parseInput(DecideReassignmentSchema, input);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const [request] = await tx
      .select()
      .from(caseReassignments)
      .where(eq(caseReassignments.id, data.requestId))
      .for("update");
    if (!request) throw new NotFound(`改派申请 #${data.requestId} `);
    const loaded = await loadCase(tx, request.caseId, { lock: true });
    const fromOrg = await getOrg(tx, request.fromOrgId);
    // the approver's authority: a handling role at a strict ancestor of the requesting org (a cadre of the
    // requesting org itself cannot approve their own request)
    const above = await listAncestors(tx, fromOrg);
    const approvingOrgs = actor.isAdmin
      ? above
      : above.filter((org) => holdsRoleOver(actor, org.path, ["admin", "cadre"]));
    if (approvingOrgs.length === 0) {
      throw new AccessDenied("改派须由上级组织审批 / reassignment is approved by the parent org");
    }
    if (request.status !== "pending")
      throw new Conflict(`改派申请已${request.status === "approved" ? "批准" : "驳回"} / already decided`);

    if (!data.approve) {
      await tx
        .update(caseReassignments)
        .set({ status: "rejected", decidedBy: actor.userId, decidedAt: now, decisionNote: data.note ?? null })
        .where(eq(caseReassignments.id, request.id));
      await appendEvent(tx, {
        caseId: loaded.row.id,
        type: "reassignment_rejected",
        actor: eventActor(actor),
        orgId: loaded.row.orgId,
        fromOrgId: approvingOrgs[0]!.id,
        toOrgId: request.fromOrgId,
        reason: data.note ?? null,
        data: { requestId: request.id },
        at: now,
      });
      return updateCase(tx, loaded.row.id, {}, now);
    }

    const targetId = data.toOrgId ?? request.suggestedOrgId;
    if (!targetId) throw new InvalidInput("请指定改派到的组织 / choose the org to reassign to");
    if (targetId === request.fromOrgId) throw new InvalidInput("不能改派回申请组织 / choose another org");
    const target = await getOrg(tx, targetId);
    if (!actor.isAdmin && !approvingOrgs.some((org) => isWithin(target.path, org.path))) {
      throw new AccessDenied("只能改派到本组织辖区内 / reassign within your own area");
    }
    assertOpen(loaded.row, "改派");
    await tx
      .update(caseReassignments)
      .set({
        status: "approved",
        decidedBy: actor.userId,
        decidedAt: now,
        decisionNote: data.note ?? null,
        toOrgId: target.id,
      })
      .where(eq(caseReassignments.id, request.id));
    return placeCase(tx, loaded.row, target, {
      type: "reassignment_approved",
      actor: eventActor(actor),
      now,
      fromOrgId: loaded.row.orgId,
      reason: data.note || request.reason,
      data: { requestId: request.id, approvedBy: approvingOrgs[0]!.id },
    });
  });
}

export async function listReassignments(db: Db, caseId: number): Promise<ReassignmentRow[]> {
  return db.select().from(caseReassignments).where(eq(caseReassignments.caseId, caseId)).orderBy(caseReassignments.id);
}

/** Pending requests an actor may decide: those from orgs strictly below one where they handle cases. */
export async function listPendingReassignmentsFor(db: Db, actor: Actor): Promise<ReassignmentRow[]> {
  const pending = await db.select().from(caseReassignments).where(eq(caseReassignments.status, "pending"));
  const result: ReassignmentRow[] = [];
  for (const request of pending) {
    if (actor.isAdmin) {
      result.push(request);
      continue;
    }
    const above = await listAncestors(db, await getOrg(db, request.fromOrgId));
    if (above.some((org) => holdsRoleOver(actor, org.path, ["admin", "cadre"]))) result.push(request);
  }
  return result;
}

/**
 * 督办: what the hub does every minute. Warns before a case falls due; when it is overdue, escalates it to the
 * parent org's supervisors, and — while it stays unanswered — one more level up each escalation interval, never
 * skipping a level. Answered cases nobody rated are closed after a week, closed cases archived after a month.
 *
 * Each case is handled in its own short transaction with `FOR UPDATE SKIP LOCKED`, so several workers may run
 * this at once without doing anything twice, and a case being edited is simply picked up next minute.
 */
import type { Db } from "@qnzs/db";
import { cases } from "@qnzs/db/schema";
import { and, eq, gt, inArray, isNull, lte } from "drizzle-orm";
import { type CaseRow, inTransaction, OPEN_STATUSES, updateCase } from "./case-store.ts";
import { archive } from "./feedback.ts";
import { ancestorIdAt, getOrg } from "./org-tree.ts";
import { addPolicyTime, loadSlaContext, resolvePolicy, type SlaContext } from "./sla.ts";
import { appendEvent, SYSTEM } from "./timeline.ts";

export interface SupervisionOptions {
  /** answered cases without a rating are closed this long after the answer (default 7 days) */
  autoCloseAfterDays?: number;
  /** closed cases are archived this long after closing (default 30 days) */
  archiveAfterDays?: number;
  /** most cases handled per step in one run; the rest wait for the next minute */
  batchSize?: number;
}

export interface SupervisionReport {
  warned: number;
  overdue: number;
  escalated: number;
  closed: number;
  archived: number;
}

const DAY_MS = 86_400_000;

export async function runSupervision(
  db: Db,
  now: Date = new Date(),
  options: SupervisionOptions = {},
): Promise<SupervisionReport> {
  const report: SupervisionReport = { warned: 0, overdue: 0, escalated: 0, closed: 0, archived: 0 };
  const limit = options.batchSize ?? 500;
  const context = await loadSlaContext(db);
  const open = inArray(cases.status, [...OPEN_STATUSES]);

  // warnings: due soon, not yet warned, not yet due
  await eachCase(
    db,
    and(open, lte(cases.warnAt, now), isNull(cases.warnedAt), gt(cases.dueAt, now)),
    limit,
    async (tx, row) => {
      await appendEvent(tx, {
        caseId: row.id,
        type: "due_warning",
        actor: SYSTEM,
        orgId: row.orgId,
        reason: `将于 ${formatBeijing(row.dueAt!)} 到期`,
        data: { dueAt: row.dueAt!.toISOString() },
        at: now,
      });
      await updateCase(tx, row.id, { warnedAt: now }, now);
      report.warned++;
    },
  );

  // first overdue: mark it and escalate to the parent
  await eachCase(db, and(open, lte(cases.dueAt, now), isNull(cases.overdueAt)), limit, async (tx, row) => {
    await appendEvent(tx, {
      caseId: row.id,
      type: "overdue",
      actor: SYSTEM,
      orgId: row.orgId,
      reason: `已超过办理时限（${formatBeijing(row.dueAt!)}）`,
      data: { dueAt: row.dueAt!.toISOString() },
      at: now,
    });
    await updateCase(tx, row.id, { overdueAt: row.dueAt }, now);
    report.overdue++;
    if (await escalate(tx, row, context, now)) report.escalated++;
  });

  // still unanswered an interval after the last escalation: one more level
  await eachCase(db, and(open, lte(cases.nextEscalationAt, now)), limit, async (tx, row) => {
    if (await escalate(tx, row, context, now)) report.escalated++;
  });

  const closeBefore = new Date(now.getTime() - (options.autoCloseAfterDays ?? 7) * DAY_MS);
  await eachCase(db, and(eq(cases.status, "answered"), lte(cases.answeredAt, closeBefore)), limit, async (tx, row) => {
    await appendEvent(tx, {
      caseId: row.id,
      type: "closed",
      actor: SYSTEM,
      orgId: row.orgId,
      reason: `答复后 ${options.autoCloseAfterDays ?? 7} 天未评价，自动办结`,
      at: now,
    });
    await updateCase(tx, row.id, { status: "closed", closedAt: now }, now);
    report.closed++;
  });

  const archiveBefore = new Date(now.getTime() - (options.archiveAfterDays ?? 30) * DAY_MS);
  await eachCase(db, and(eq(cases.status, "closed"), lte(cases.closedAt, archiveBefore)), limit, async (tx, row) => {
    await archive(tx, row, SYSTEM, `办结 ${options.archiveAfterDays ?? 30} 天后自动归档`, now);
    report.archived++;
  });

  return report;
}

/**
 * Moves the case one level further up: its supervisor becomes the next ancestor, and the next escalation is
 * due one interval later. At the root there is nobody further up; the case stays at its level.
 */
async function escalate(db: Db, row: CaseRow, context: SlaContext, now: Date): Promise<boolean> {
  if (row.orgId === null) return false;
  const org = await getOrg(db, row.orgId);
  const level = row.escalationLevel + 1;
  const supervisorId = ancestorIdAt(org, level);
  if (supervisorId === null) {
    await updateCase(db, row.id, { nextEscalationAt: null }, now);
    return false;
  }
  const supervisor = await getOrg(db, supervisorId);
  const policy = resolvePolicy(context.policies, row);
  await appendEvent(db, {
    caseId: row.id,
    type: "escalated",
    actor: SYSTEM,
    orgId: row.orgId,
    fromOrgId: row.supervisorOrgId ?? row.orgId,
    toOrgId: supervisor.id,
    reason: `逾期未办结，提级至${supervisor.name}督办（第 ${level} 级）`,
    data: { level },
    at: now,
  });
  await updateCase(
    db,
    row.id,
    {
      escalationLevel: level,
      supervisorOrgId: supervisor.id,
      nextEscalationAt: addPolicyTime(context, policy, now, policy.escalateEveryMinutes),
    },
    now,
  );
  return true;
}

type Condition = ReturnType<typeof and>;

/** Runs `work` for each matching case in its own transaction, skipping cases another worker holds. */
async function eachCase(
  db: Db,
  condition: Condition,
  limit: number,
  work: (tx: Db, row: CaseRow) => Promise<void>,
): Promise<void> {
  const ids = await db.select({ id: cases.id }).from(cases).where(condition).orderBy(cases.id).limit(limit);
  for (const { id } of ids) {
    await inTransaction(db, async (tx) => {
      // re-read under the lock: the case may have been answered or handled since the scan
      const [row] = await tx
        .select()
        .from(cases)
        .where(and(eq(cases.id, id), condition))
        .for("update", { skipLocked: true });
      if (row) await work(tx, row);
    });
  }
}

function formatBeijing(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}

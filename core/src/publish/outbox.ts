/**
 * The outbox state machine on `publications`: one row per (answer, target), sent by workers, never twice.
 *
 *   pending ──claim──▶ sending ──sent / retry / waiting_auth / failed / dead
 *                        │
 *                        └─ lease ran out (the worker died, or the outcome is unknown)
 *                             ──recover: check the platform──▶ sent | pending | parked
 *   failed, dead, parked, waiting_auth ──a person retries──▶ pending
 *   pending, waiting_auth, parked, failed, dead ──a person cancels──▶ cancelled
 *   parked ──a person confirms it is out──▶ sent
 *
 * The attempt is written when a row is claimed, before any request leaves, so a row found `sending` with an
 * expired lease is a send whose outcome is unknown: it is checked on the platform before any retry, or parked
 * for a person when the platform cannot tell. Every transition is one UPDATE whose WHERE names the state it
 * expects (and, for a worker, its lease), so two workers never move one row. A worker must give up its request
 * before its lease ends (`leaseUntil`), or recovery could check the platform while the request is still in
 * flight.
 *
 * Times come from the caller (`now`), never from the database clock, so tests and workers agree on them.
 */
import { ChannelError, type PublishResult } from "@qnzs/adapters/contract";
import { type Db, queryRows, type Tx } from "@qnzs/db";
import { auditLog, channelAccounts, type PUBLICATION_STATUSES, publications } from "@qnzs/db/schema";
import { and, asc, eq, inArray, notInArray, or, type SQL, sql } from "drizzle-orm";
import { PublicationConflict, PublicationNotFound } from "./errors.ts";
import type { PublicationPayload } from "./payload.ts";
import { DEFAULT_RETRY_POLICY, retryDelayMs } from "./retry-policy.ts";
import { type DecideOptions, decideAfterSend, describeError, retryOrDie, type SendOutcome } from "./send-outcome.ts";
import { describeTarget, idempotencyKeyFor, type PublicationTarget } from "./targets.ts";

export type PublicationRow = typeof publications.$inferSelect;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

/** A row a worker holds: it sends it, then records the outcome with the same lease. */
export type ClaimedPublication = PublicationRow & { leaseOwner: string; leaseUntil: Date };

export const DEFAULT_LEASE_MS = 120_000;

export interface PlannedPublication {
  target: PublicationTarget;
  payload: PublicationPayload;
  /** a target known to be unsendable is recorded as failed with this reason, so a person sees it */
  skipReason?: string | null;
}

export interface PlanInput {
  answerId: number;
  targets: readonly PlannedPublication[];
  now: Date;
  /** a scheduled publication: not sent before this time */
  notBefore?: Date | null;
}

/**
 * Inserts one row per target, keyed `answer:<id>:<target>`; a target planned before is left as it is. Call it in
 * the approval's transaction, so an approved answer always has its rows and a rolled-back approval has none.
 * Returns the rows of these targets, new or existing.
 */
export async function planPublications(tx: Tx, input: PlanInput): Promise<PublicationRow[]> {
  if (input.targets.length === 0) return [];
  const rows = input.targets.map((planned) => ({
    answerId: input.answerId,
    accountId: planned.target.accountId,
    target: describeTarget(planned.target),
    replyToPostId: planned.target.replyToPostId,
    idempotencyKey: idempotencyKeyFor(input.answerId, planned.target),
    payload: planned.payload,
    status: planned.skipReason ? ("failed" as const) : ("pending" as const),
    lastError: planned.skipReason ?? null,
    nextAttemptAt: input.notBefore ?? input.now,
    createdAt: input.now,
    updatedAt: input.now,
  }));
  await tx.insert(publications).values(rows).onConflictDoNothing();
  return tx
    .select()
    .from(publications)
    .where(
      inArray(
        publications.idempotencyKey,
        rows.map((row) => row.idempotencyKey),
      ),
    )
    .orderBy(asc(publications.id));
}

/**
 * Leases up to `limit` due rows to `owner` and counts the attempt, before anything is sent. Rows locked by
 * another worker's claim are skipped (FOR UPDATE SKIP LOCKED), so concurrent workers take disjoint rows.
 */
export async function claimDuePublications(
  db: Db,
  owner: string,
  limit: number,
  now: Date,
  options: { leaseMs?: number } = {},
): Promise<ClaimedPublication[]> {
  if (limit <= 0) return [];
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));
  const ids = await leaseRows(
    db,
    sql`status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz`,
    sql`next_attempt_at, id`,
    limit,
    sql`status = 'sending', attempts = publications.attempts + 1, lease_owner = ${owner},
        lease_until = ${leaseUntil.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz`,
  );
  return (await readRows(db, ids)) as ClaimedPublication[];
}

/**
 * Leases up to `limit` rows matching `where` in one statement. The candidates are locked in a CTE (never inlined,
 * as it locks rows) rather than an `id in (select … limit … for update skip locked)`, which the planner may
 * re-run and so lease more rows than the limit.
 */
async function leaseRows(db: Tx, where: SQL, order: SQL, limit: number, set: SQL): Promise<number[]> {
  const rows = await queryRows<{ id: number | string }>(
    db,
    sql`
    with due as (
      select id from publications where ${where} order by ${order} limit ${limit} for update skip locked
    )
    update publications set ${set}
    from due
    where publications.id = due.id and (${where})
    returning publications.id
  `,
  );
  return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}

async function readRows(db: Tx, ids: readonly number[]): Promise<PublicationRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(publications)
    .where(inArray(publications.id, [...ids]))
    .orderBy(asc(publications.id));
}

export type RecordOptions = DecideOptions;

/**
 * Records how a claimed row's send ended. Returns the updated row, or null when the lease was no longer this
 * worker's (it ran out and recovery took the row): nothing is changed then.
 *
 * A success is recorded even after the lease was lost, as long as nobody else is sending the row and it was
 * not cancelled: the platform has it, and a later retry would post it twice.
 */
export async function recordSendResult(
  db: Tx,
  claim: Pick<ClaimedPublication, "id" | "leaseOwner" | "attempts" | "accountId">,
  outcome: SendOutcome,
  options: RecordOptions,
): Promise<PublicationRow | null> {
  const decision = decideAfterSend(claim.attempts, outcome, options);
  const now = options.now;
  const mine = and(
    eq(publications.id, claim.id),
    eq(publications.status, "sending"),
    eq(publications.leaseOwner, claim.leaseOwner),
  );
  switch (decision.status) {
    case "sent": {
      const stillOpen = and(
        eq(publications.id, claim.id),
        or(mine, notInArray(publications.status, ["sending", "sent", "cancelled"])),
      );
      return markSent(
        db,
        stillOpen,
        { remoteId: decision.remoteId, url: decision.remoteUrl, note: decision.note },
        now,
      );
    }
    case "unknown":
      // the lease ends now: the next recovery pass checks the platform before anything is sent again
      return updateOne(db, mine, { leaseUntil: now, lastError: decision.lastError, updatedAt: now });
    case "pending":
      return updateOne(db, mine, {
        status: "pending",
        nextAttemptAt: decision.nextAttemptAt,
        lastError: decision.lastError,
        ...releasedLease(now),
      });
    case "waiting_auth":
      return db.transaction(async (tx) => {
        // refused before anything was sent: the attempt is not counted against the row
        const row = await updateOne(tx, mine, {
          status: "waiting_auth",
          attempts: sql`greatest(${publications.attempts} - 1, 0)`,
          lastError: decision.lastError,
          ...releasedLease(now),
        });
        if (row?.accountId != null) await holdForReauthorisation(tx, row.accountId, decision.lastError, now);
        return row;
      });
    case "failed":
    case "dead":
      return updateOne(db, mine, { status: decision.status, lastError: decision.lastError, ...releasedLease(now) });
  }
}

/** The account is flagged for a person to re-authorise, and its other due rows wait with it instead of failing. */
async function holdForReauthorisation(tx: Tx, accountId: number, reason: string, now: Date): Promise<void> {
  await tx
    .update(channelAccounts)
    .set({
      status: "needs_reauth",
      lastErrorAt: now,
      lastErrorKind: "auth_expired",
      lastErrorMessage: reason,
      updatedAt: now,
    })
    .where(eq(channelAccounts.id, accountId));
  await tx
    .update(publications)
    .set({ status: "waiting_auth", lastError: reason, updatedAt: now })
    .where(and(eq(publications.accountId, accountId), eq(publications.status, "pending")));
}

/** After the account was re-authorised: its waiting rows become due now. Returns how many. */
export async function resumeWaitingPublications(db: Tx, accountId: number, now: Date): Promise<number> {
  const rows = await db
    .update(publications)
    .set({ status: "pending", nextAttemptAt: now, updatedAt: now })
    .where(and(eq(publications.accountId, accountId), eq(publications.status, "waiting_auth")))
    .returning({ id: publications.id });
  return rows.length;
}

/** What a platform check found about a send whose outcome was unknown. */
export type VerifyResult =
  | { kind: "found"; result: PublishResult }
  /** the platform certainly does not have it: sending again is safe */
  | { kind: "not_found" }
  /** the platform keeps no trace we can read (a WeChat service message), or the target has no check */
  | { kind: "cannot_check"; reason: string };

export type VerifyPublication = (row: PublicationRow) => Promise<VerifyResult>;

export interface RecoverOptions extends DecideOptions {
  /** who recovers: the rows are leased to it while their platform is checked */
  owner: string;
  limit?: number;
  leaseMs?: number;
}

export interface RecoveredPublication {
  id: number;
  status: PublicationStatus;
  lastError: string | null;
}

/**
 * Rows left `sending` with an expired lease: their send may or may not have reached the platform. Each is checked
 * with `verify` (the worker's wrapper around the adapter's findPublished) and becomes sent (found), pending (not
 * there: safe to send again) or parked (no way to tell: a person decides). A check that fails on a network error
 * or a rate limit is tried again later; one that cannot be made at all parks the row.
 */
export async function recoverUnknownOutcomes(
  db: Db,
  now: Date,
  verify: VerifyPublication,
  options: RecoverOptions,
): Promise<RecoveredPublication[]> {
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));
  const ids = await leaseRows(
    db,
    sql`status = 'sending' and lease_until < ${now.toISOString()}::timestamptz`,
    sql`lease_until, id`,
    options.limit ?? 50,
    sql`lease_owner = ${options.owner}, lease_until = ${leaseUntil.toISOString()}::timestamptz,
        updated_at = ${now.toISOString()}::timestamptz`,
  );
  const rows = await readRows(db, ids);

  const recovered: RecoveredPublication[] = [];
  for (const row of rows) {
    const mine = and(
      eq(publications.id, row.id),
      eq(publications.status, "sending"),
      eq(publications.leaseOwner, options.owner),
    );
    let updated: PublicationRow | null;
    try {
      const found = await verify(row);
      if (found.kind === "found") {
        updated = await markSent(
          db,
          mine,
          { ...found.result, note: found.result.note ?? "核查确认此前已发送成功" },
          now,
        );
      } else if (found.kind === "not_found") {
        const decision = retryOrDie(row.attempts, row.lastError ?? "发送中断，平台上未找到，将重新发送", options, null);
        updated = await updateOne(db, mine, {
          ...(decision.status === "pending"
            ? { status: "pending" as const, nextAttemptAt: decision.nextAttemptAt }
            : { status: "dead" as const }),
          lastError: decision.lastError,
          ...releasedLease(now),
        });
      } else {
        updated = await park(db, mine, `发送结果未知，且无法在平台上核查：${found.reason}`, now);
      }
    } catch (error) {
      const kind = error instanceof ChannelError ? error.kind : null;
      if (kind === "transient" || kind === "rate_limited") {
        // the platform could not answer now: still unknown, checked again after a pause
        const delay = retryDelayMs(row.attempts, options.policy ?? DEFAULT_RETRY_POLICY, options.random, null);
        updated = await updateOne(db, mine, {
          leaseOwner: null,
          leaseUntil: new Date(now.getTime() + delay),
          lastError: `核查发送结果失败，稍后再查：${describeError(error)}`,
          updatedAt: now,
        });
      } else {
        updated = await park(db, mine, `发送结果未知，核查失败：${describeError(error)}`, now);
      }
    }
    if (updated) recovered.push({ id: updated.id, status: updated.status, lastError: updated.lastError });
  }
  return recovered;
}

export interface PersonAction {
  id: number;
  actorId: number;
  now: Date;
  reason?: string | null;
}

const RETRYABLE: readonly PublicationStatus[] = ["failed", "dead", "parked", "waiting_auth"];
const CANCELLABLE: readonly PublicationStatus[] = ["pending", "waiting_auth", "parked", "failed", "dead"];

/**
 * A person sends a row again: due now, with a fresh count of attempts. For a parked row this is the person's
 * decision that the earlier send did not arrive.
 */
export function retryPublication(db: Db, action: PersonAction): Promise<PublicationRow> {
  return actOnPublication(db, action, {
    from: RETRYABLE,
    action: "publication.retry",
    refusal: (status) => `当前状态为「${STATUS_NAMES[status]}」，不能重试 / cannot retry a ${status} publication`,
    set: {
      status: "pending",
      attempts: 0,
      nextAttemptAt: action.now,
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: action.now,
    },
  });
}

/** A person stops a row from being sent. A row being sent or already sent cannot be cancelled. */
export function cancelPublication(db: Db, action: PersonAction): Promise<PublicationRow> {
  return actOnPublication(db, action, {
    from: CANCELLABLE,
    action: "publication.cancel",
    refusal: (status) => `当前状态为「${STATUS_NAMES[status]}」，不能取消 / cannot cancel a ${status} publication`,
    set: { status: "cancelled", leaseOwner: null, leaseUntil: null, updatedAt: action.now },
  });
}

/** A person found a parked send on the platform: it is recorded as sent, with its address when given. */
export function confirmPublished(
  db: Db,
  action: PersonAction & { remoteUrl?: string | null },
): Promise<PublicationRow> {
  return actOnPublication(db, action, {
    from: ["parked"],
    action: "publication.confirm_sent",
    refusal: (status) => `当前状态为「${STATUS_NAMES[status]}」，无需确认 / only a parked publication is confirmed`,
    set: {
      status: "sent",
      sentAt: action.now,
      remoteUrl: action.remoteUrl ?? null,
      lastError: "人工确认已发送",
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: action.now,
    },
  });
}

/** Every target of an answer with its state, for the console. */
export function listPublications(db: Db, answerId: number): Promise<PublicationRow[]> {
  return db.select().from(publications).where(eq(publications.answerId, answerId)).orderBy(asc(publications.id));
}

export const STATUS_NAMES: Record<PublicationStatus, string> = {
  pending: "待发送",
  sending: "发送中",
  sent: "已发送",
  waiting_auth: "等待重新授权",
  parked: "待人工确认",
  failed: "发送失败",
  cancelled: "已取消",
  dead: "多次失败",
};

type PublicationPatch = Partial<Omit<typeof publications.$inferInsert, "attempts">> & { attempts?: number | SQL };

async function actOnPublication(
  db: Db,
  action: PersonAction,
  rule: {
    from: readonly PublicationStatus[];
    action: string;
    refusal: (status: PublicationStatus) => string;
    set: PublicationPatch;
  },
): Promise<PublicationRow> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(publications).where(eq(publications.id, action.id)).for("update");
    if (!before) throw new PublicationNotFound(action.id);
    const row = await updateOne(
      tx,
      and(eq(publications.id, action.id), inArray(publications.status, [...rule.from])),
      rule.set,
    );
    if (!row) throw new PublicationConflict(rule.refusal(before.status));
    await tx.insert(auditLog).values({
      actorId: action.actorId,
      action: rule.action,
      subjectType: "publication",
      subjectId: String(row.id),
      data: {
        answerId: row.answerId,
        target: row.target,
        from: before.status,
        to: row.status,
        reason: action.reason ?? null,
        lastError: before.lastError,
      },
      createdAt: action.now,
    });
    return row;
  });
}

function markSent(
  db: Tx,
  where: SQL | undefined,
  result: { remoteId: string; url?: string | null; note?: string | null },
  now: Date,
): Promise<PublicationRow | null> {
  return updateOne(db, where, {
    status: "sent",
    remoteId: result.remoteId,
    remoteUrl: result.url ?? null,
    // for a sent row, last_error carries the platform's note (a fallback route taken, an operator task to do)
    lastError: result.note ?? null,
    sentAt: now,
    ...releasedLease(now),
  });
}

function park(db: Tx, where: SQL | undefined, reason: string, now: Date): Promise<PublicationRow | null> {
  return updateOne(db, where, { status: "parked", lastError: reason, ...releasedLease(now) });
}

function releasedLease(now: Date) {
  return { leaseOwner: null, leaseUntil: null, updatedAt: now };
}

async function updateOne(db: Tx, where: SQL | undefined, set: PublicationPatch): Promise<PublicationRow | null> {
  const [row] = await db.update(publications).set(set).where(where).returning();
  return row ?? null;
}

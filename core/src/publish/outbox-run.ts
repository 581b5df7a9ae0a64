/**
 * One pass of the outbox sender, so the worker (crawlers) only supplies transport: `send` turns a row into an
 * adapter call and says how it ended, `verify` asks the platform whether an unknown send arrived. The pass first
 * settles unknown outcomes, then claims due rows, sends each and records the result.
 */
import type { Db } from "@qnzs/db";
import {
  type ClaimedPublication,
  claimDuePublications,
  type PublicationRow,
  type RecoveredPublication,
  recordSendResult,
  recoverUnknownOutcomes,
  type VerifyPublication,
} from "./outbox.ts";
import type { RetryPolicy } from "./retry-policy.ts";
import type { SendOutcome } from "./send-outcome.ts";

export interface OutboxPassInput {
  owner: string;
  now: Date;
  limit?: number;
  leaseMs?: number;
  /**
   * Sends one claimed row. It must stop its request before `row.leaseUntil` and report whether a write request
   * left (`requestLeft`); a throw is taken as an unknown outcome, to be checked before any retry.
   */
  send(row: ClaimedPublication): Promise<SendOutcome>;
  verify: VerifyPublication;
  policy?: RetryPolicy;
  random?: () => number;
}

export interface OutboxPassReport {
  recovered: RecoveredPublication[];
  /** the rows sent in this pass, as recorded (null where the lease was lost before recording) */
  attempted: (PublicationRow | null)[];
}

export async function runOutboxPass(db: Db, input: OutboxPassInput): Promise<OutboxPassReport> {
  const decide = {
    now: input.now,
    ...(input.policy ? { policy: input.policy } : {}),
    ...(input.random ? { random: input.random } : {}),
  };
  const recovered = await recoverUnknownOutcomes(db, input.now, input.verify, {
    ...decide,
    owner: input.owner,
    ...(input.leaseMs ? { leaseMs: input.leaseMs } : {}),
  });
  const claimed = await claimDuePublications(db, input.owner, input.limit ?? 20, input.now, {
    ...(input.leaseMs ? { leaseMs: input.leaseMs } : {}),
  });
  const attempted: (PublicationRow | null)[] = [];
  for (const row of claimed) {
    let outcome: SendOutcome;
    try {
      outcome = await input.send(row);
    } catch (error) {
      outcome = { kind: "failed", error, requestLeft: true };
    }
    attempted.push(await recordSendResult(db, row, outcome, decide));
  }
  return { recovered, attempted };
}

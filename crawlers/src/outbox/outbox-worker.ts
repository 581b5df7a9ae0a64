/**
 * The outbox worker: in the hub (embedded mode) and in every `qnzs worker` (server mode). Each pass resumes rows
 * whose account was re-authorised, settles sends whose outcome was unknown, sends the due rows (core/publish's
 * runOutboxPass does the state machine; this file supplies transport), marks answers published, and delivers
 * lifecycle webhooks. Workers share the tables through row leases, so any number can run.
 */
import { randomUUID } from "node:crypto";
import {
  type ClaimedPublication,
  DEFAULT_LEASE_MS,
  type OutboxPassReport,
  type RetryPolicy,
  resumeReauthorisedAccounts,
  runOutboxPass,
  settleAnswerPublication,
} from "@qnzs/core/publish/index";
import { publications } from "@qnzs/db/schema";
import { inArray } from "drizzle-orm";
import { messageOf } from "../error-kind.ts";
import type { CrawlerRuntime } from "../runtime.ts";
import { sendPublication } from "./send-publication.ts";
import { verifyPublication } from "./verify-publication.ts";
import type { SendStep } from "./watched-fetch.ts";
import { deliverWebhooks, type WebhookDeliveryOptions } from "./webhook-sender.ts";

export interface OutboxWorkerOptions {
  /** the answer's public page on the portal; null: not known here */
  portalUrlFor?: (answerId: number) => string | null;
  /** rows sent per pass */
  limit?: number;
  leaseMs?: number;
  policy?: RetryPolicy;
  /** how often the loop looks for due rows */
  pollMs?: number;
  /** false: this worker delivers no webhooks */
  webhooks?: WebhookDeliveryOptions | false;
  /**
   * Called at each step of a send. Production leaves it out; crash tests return a promise that never settles,
   * which is what a killed process looks like from the database.
   */
  checkpoint?: (step: SendStep, row: ClaimedPublication) => Promise<void>;
}

export interface OutboxPassSummary extends OutboxPassReport {
  resumed: number;
  /** answers that became published in this pass */
  published: number[];
  webhooks: { planned: number; delivered: number; failed: number };
}

export interface OutboxWorker {
  /** who leases rows: unique per worker, so a restarted worker never mistakes a dead one's lease for its own */
  readonly owner: string;
  runOnce(): Promise<OutboxPassSummary>;
  /** loops until stop() */
  start(): void;
  stop(): Promise<void>;
}

const NO_CHECKPOINT = async () => undefined;

export function createOutboxWorker(runtime: CrawlerRuntime, options: OutboxWorkerOptions = {}): OutboxWorker {
  const owner = `${runtime.workerId}:outbox:${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const portalUrlFor = options.portalUrlFor ?? (() => null);
  const checkpoint = options.checkpoint ?? NO_CHECKPOINT;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;

  const runOnce = async (): Promise<OutboxPassSummary> => {
    const db = runtime.database.db;
    const resumed = await resumeReauthorisedAccounts(db, runtime.now());
    // one row claimed at a time: a worker killed mid-send leaves only the row in flight with an unknown outcome,
    // not a whole batch of claimed rows that would all need checking (or parking) afterwards
    const report: OutboxPassReport = { recovered: [], attempted: [] };
    for (let sent = 0; sent < (options.limit ?? 20); sent += 1) {
      const pass = await runOutboxPass(db, {
        owner,
        now: runtime.now(),
        limit: 1,
        leaseMs,
        ...(options.policy ? { policy: options.policy } : {}),
        random: runtime.random,
        send: (row) =>
          sendPublication(runtime, row, {
            portalUrlFor,
            leaseMarginMs: Math.min(10_000, Math.floor(leaseMs / 4)),
            checkpoint: (step) => checkpoint(step, row),
          }),
        verify: (row) => verifyPublication(runtime, row, { portalUrlFor }),
      });
      report.recovered.push(...pass.recovered);
      report.attempted.push(...pass.attempted);
      if (pass.attempted.length === 0) break;
    }
    const published = await settleAnswers(runtime, report);
    const webhooks =
      options.webhooks === false
        ? { planned: 0, delivered: 0, failed: 0 }
        : await deliverWebhooks(runtime, owner, options.webhooks ?? {});
    return { ...report, resumed, published, webhooks };
  };

  const loop = async () => {
    timer = null;
    if (stopped) return;
    running = runOnce().catch((error: unknown) =>
      runtime.logger.error({ err: messageOf(error) }, "outbox pass failed"),
    );
    await running;
    running = null;
    if (!stopped) {
      timer = setTimeout(() => void loop(), options.pollMs ?? 2000);
      timer.unref();
    }
  };

  return {
    owner,
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      void loop();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/** Answers whose rows went out in this pass (sent now, or found on the platform) may be published now. */
async function settleAnswers(runtime: CrawlerRuntime, report: OutboxPassReport): Promise<number[]> {
  const ids = [
    ...report.attempted.filter((row) => row?.status === "sent").map((row) => row!.id),
    ...report.recovered.filter((row) => row.status === "sent").map((row) => row.id),
  ];
  if (ids.length === 0) return [];
  const db = runtime.database.db;
  const rows = await db
    .selectDistinct({ answerId: publications.answerId })
    .from(publications)
    .where(inArray(publications.id, ids));
  const published: number[] = [];
  for (const { answerId } of rows) {
    if (await settleAnswerPublication(db, answerId, runtime.now())) published.push(answerId);
  }
  return published.sort((a, b) => a - b);
}

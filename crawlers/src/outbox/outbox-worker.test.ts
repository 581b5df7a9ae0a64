import {
  type AdapterContext,
  type AnyChannelAdapter,
  AuthExpired,
  Permanent,
  type PublishResult,
  RateLimited,
  Transient,
} from "@qnzs/adapters";
import { planPublications } from "@qnzs/core/publish/index";
import type { Database } from "@qnzs/db";
import { createAnswerRow, createPublishingAccount } from "@qnzs/db/publish-factories";
import { channelAccounts, publications } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createCrawlerRuntime } from "../runtime.ts";
import { createOutboxWorker } from "./outbox-worker.ts";

const T0 = new Date("2025-05-12T02:00:00Z");

type Publish = (ctx: AdapterContext) => Promise<PublishResult>;

/** A platform whose publish does what the test says; its "API" is one POST the worker's fetch sees. */
function fakePlatform(
  kind: string,
  options: {
    publish: Publish[];
    findPublished?: () => Promise<PublishResult | null>;
    canVerify?: boolean;
    publishMode?: "api" | "operator";
  },
): AnyChannelAdapter {
  return {
    kind,
    meta: { name: `测试平台 ${kind}`, description: "", antiCrawlerRisk: "none", example: {} },
    config: z.object({}).passthrough() as unknown as AnyChannelAdapter["config"],
    secretFields: [],
    capabilities: {
      pull: false,
      push: false,
      reply: true,
      post: true,
      maxLength: 500,
      ...(options.publishMode ? { publishMode: options.publishMode } : {}),
    },
    async publish(_config, _message, ctx) {
      const next = options.publish.shift();
      if (!next) throw new Error("the test expected no more sends");
      return next(ctx);
    },
    ...(options.findPublished ? { findPublished: options.findPublished } : {}),
    ...(options.canVerify === undefined ? {} : { canVerify: () => options.canVerify! }),
  };
}

const post = (ctx: AdapterContext) => ctx.fetch("https://platform.example/api/post", { method: "POST", body: "{}" });
const sent: Publish = async (ctx) => {
  await post(ctx);
  return { remoteId: "remote-1", url: "https://platform.example/p/1" };
};
const refusedWith =
  (error: Error): Publish =>
  async () => {
    throw error;
  };
const lostAfterLeaving: Publish = async (ctx) => {
  await post(ctx);
  throw new Transient("connection reset after the request was written");
};

describe.each(databaseTargets())("the outbox worker with scripted platforms on $name", (target) => {
  let database: Database;
  let clock: Date;
  let posted: number;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await database.db.execute(sql`truncate publications, answers, channel_accounts restart identity cascade`);
    clock = T0;
    posted = 0;
  });

  /** the next pass, a moment later: an unknown send's lease ends when it is recorded, and recovery takes it after */
  const later = () => {
    clock = new Date(clock.getTime() + 1000);
  };

  async function oneRow(platform: AnyChannelAdapter) {
    const account = await createPublishingAccount(database.db, platform.kind);
    const answer = await createAnswerRow(database.db);
    const [row] = await planPublications(database.db, {
      answerId: answer.id,
      targets: [
        {
          target: { channel: platform.kind, accountId: account.id, kind: "post", replyToPostId: null },
          payload: { kind: "post", text: "同学你好", html: null, title: null, digest: null, truncated: false },
        },
      ],
      now: T0,
    });
    const worker = createOutboxWorker(
      createCrawlerRuntime(database, {
        adapterFor: () => platform,
        now: () => clock,
        random: () => 1,
        fetch: async () => {
          posted += 1;
          return new Response("{}");
        },
      }),
      { webhooks: false },
    );
    const read = async () => (await database.db.select().from(publications).where(eq(publications.id, row!.id)))[0]!;
    return { worker, read, accountId: account.id };
  }

  it("retries a transient refusal and a rate limit after backoff, never before the platform's hint", async () => {
    const platform = fakePlatform("fake", {
      publish: [
        refusedWith(new Transient("502 bad gateway")),
        refusedWith(new RateLimited("slow down", 600_000)),
        sent,
      ],
    });
    const { worker, read } = await oneRow(platform);
    await worker.runOnce();
    const first = await read();
    expect(first).toMatchObject({ status: "pending", attempts: 1, lastError: "502 bad gateway" });
    // full jitter drawn at its ceiling: the first retry waits the base 30 s
    expect(first.nextAttemptAt).toEqual(new Date(T0.getTime() + 30_000));

    await worker.runOnce();
    expect((await read()).attempts).toBe(1);
    clock = first.nextAttemptAt;
    await worker.runOnce();
    const limited = await read();
    expect(limited).toMatchObject({ status: "pending", attempts: 2 });
    expect(limited.nextAttemptAt).toEqual(new Date(clock.getTime() + 600_000));

    clock = limited.nextAttemptAt;
    await worker.runOnce();
    expect(await read()).toMatchObject({ status: "sent", attempts: 3, remoteId: "remote-1" });
    expect(posted).toBe(1);
  });

  it("fails a permanent refusal with the platform's message", async () => {
    const { worker, read } = await oneRow(
      fakePlatform("fake", { publish: [refusedWith(new Permanent("内容违反社区规定", 20_016))] }),
    );
    await worker.runOnce();
    expect(await read()).toMatchObject({ status: "failed", lastError: "内容违反社区规定 (20016)" });
  });

  it("holds the row on an expired authorisation and sends it once the account is re-authorised", async () => {
    const { worker, read, accountId } = await oneRow(
      fakePlatform("fake", { publish: [refusedWith(new AuthExpired("token expired", 21_327)), sent] }),
    );
    await worker.runOnce();
    expect(await read()).toMatchObject({ status: "waiting_auth", attempts: 0 });
    const [account] = await database.db.select().from(channelAccounts).where(eq(channelAccounts.id, accountId));
    expect(account?.status).toBe("needs_reauth");

    await worker.runOnce();
    expect((await read()).status).toBe("waiting_auth");
    // a person renewed the token and a crawl with it succeeded
    await database.db.update(channelAccounts).set({ status: "active" }).where(eq(channelAccounts.id, accountId));
    const pass = await worker.runOnce();
    expect(pass.resumed).toBe(1);
    expect(await read()).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("checks the platform before sending again when the request left, and resends only what is not there", async () => {
    const { worker, read } = await oneRow(
      fakePlatform("fake", { publish: [lostAfterLeaving, sent], findPublished: async () => null }),
    );
    await worker.runOnce();
    expect(await read()).toMatchObject({ status: "sending", attempts: 1 });
    later();
    await worker.runOnce();
    // not on the platform: safe to send again, after the backoff
    const checked = await read();
    expect(checked).toMatchObject({ status: "pending", attempts: 1 });
    expect(posted).toBe(1);
    clock = checked.nextAttemptAt;
    await worker.runOnce();
    expect(await read()).toMatchObject({ status: "sent", attempts: 2 });
    expect(posted).toBe(2);
  });

  it("records a send the platform already has, without sending it again", async () => {
    const { worker, read } = await oneRow(
      fakePlatform("fake", {
        publish: [lostAfterLeaving],
        findPublished: async () => ({ remoteId: "found-1", url: null }),
      }),
    );
    await worker.runOnce();
    later();
    await worker.runOnce();
    expect(await read()).toMatchObject({ status: "sent", remoteId: "found-1", attempts: 1 });
    expect(posted).toBe(1);
  });

  it("parks an unknown send the platform cannot look up, and redoes an operator task", async () => {
    const blind = await oneRow(
      fakePlatform("blind", { publish: [lostAfterLeaving], findPublished: async () => null, canVerify: false }),
    );
    await blind.worker.runOnce();
    later();
    await blind.worker.runOnce();
    expect(await blind.read()).toMatchObject({ status: "parked" });
    expect((await blind.read()).lastError).toContain("无法在平台上核查");

    const operator = await oneRow(
      fakePlatform("operator", { publish: [lostAfterLeaving, sent], publishMode: "operator" }),
    );
    await operator.worker.runOnce();
    later();
    await operator.worker.runOnce();
    expect((await operator.read()).status).toBe("pending");
    clock = (await operator.read()).nextAttemptAt;
    await operator.worker.runOnce();
    expect(await operator.read()).toMatchObject({ status: "sent", attempts: 2 });
  });
});

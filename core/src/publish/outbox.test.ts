import {
  AuthExpired,
  type OutboundMessage,
  Permanent,
  type PublishResult,
  RateLimited,
  Transient,
} from "@qnzs/adapters/contract";
import type { Database, Db, Tx } from "@qnzs/db";
import { createCaseRow, createUser } from "@qnzs/db/case-factories";
import {
  type ChannelAccountRow,
  createAnswerRow,
  createPublishingAccount,
  createSourcePost,
  linkCaseToPosts,
} from "@qnzs/db/publish-factories";
import { answers, auditLog, channelAccounts, publications } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type ClaimedPublication,
  cancelPublication,
  claimDuePublications,
  confirmPublished,
  listPublications,
  type PublicationRow,
  planPublications,
  recordSendResult,
  recoverUnknownOutcomes,
  resumeWaitingPublications,
  retryPublication,
  type VerifyResult,
} from "./outbox.ts";
import { runOutboxPass } from "./outbox-run.ts";
import { buildOutboundMessage, PublicationPayloadSchema } from "./payload.ts";
import { preparePublications } from "./prepare.ts";
import type { SendOutcome } from "./send-outcome.ts";
import { compileSensitiveWords } from "./sensitive-words.ts";
import { loadReplyTarget, loadSourceThreads } from "./source-threads.ts";
import { type AddedTarget, fanOutTargets, type PublishingCapabilities } from "./targets.ts";

const T0 = new Date("2025-03-03T10:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const LEASE_MS = 60_000;
/** backoff draws 0: a retry is due at once, so tests need no clock beyond the lease */
const noJitter = () => 0;
const decide = (now: Date) => ({ now, random: noJitter });

const CAPABILITIES: Record<string, PublishingCapabilities> = {
  weibo: { reply: true, post: true, maxLength: 140 },
  wechat: { reply: true, post: true, maxLength: 600 },
  weibang: { reply: true, post: true, maxLength: 2000, publishMode: "operator" },
};

const channelOf = (row: Pick<PublicationRow, "target">) => row.target.split(":")[0]!;

/**
 * Stand-in for the platforms: every message that reached one, by idempotency key, and what can be looked up
 * afterwards. A WeChat service message leaves no trace (as on the real platform); everything else can be found.
 */
class FakePlatforms {
  readonly received = new Map<string, { message: OutboundMessage | null; row: PublicationRow }[]>();

  async send(db: Db, row: PublicationRow): Promise<PublishResult> {
    const message = await messageFor(db, row);
    const arrivals = this.received.get(row.idempotencyKey) ?? [];
    arrivals.push({ message, row });
    this.received.set(row.idempotencyKey, arrivals);
    return {
      remoteId: `${channelOf(row)}-${row.id}-${arrivals.length}`,
      url: `https://${channelOf(row)}.example/${row.id}`,
    };
  }

  count(row: Pick<PublicationRow, "idempotencyKey">): number {
    return this.received.get(row.idempotencyKey)?.length ?? 0;
  }

  canCheck(row: PublicationRow): boolean {
    return PublicationPayloadSchema.parse(row.payload).kind !== "message";
  }

  readonly verify = async (row: PublicationRow): Promise<VerifyResult> => {
    if (!this.canCheck(row)) return { kind: "cannot_check", reason: "微信客服消息发出后无法回查" };
    const arrivals = this.received.get(row.idempotencyKey);
    return arrivals?.length
      ? { kind: "found", result: { remoteId: `${channelOf(row)}-${row.id}-found`, url: null } }
      : { kind: "not_found" };
  };
}

async function messageFor(db: Db, row: PublicationRow): Promise<OutboundMessage | null> {
  // the portal page is written locally; every other target goes through its adapter with the source's threading
  if (row.accountId === null) return null;
  const replyTo = row.replyToPostId === null ? null : await loadReplyTarget(db, row.replyToPostId);
  return buildOutboundMessage(row, replyTo);
}

/** The worker's `send`: scripted failures first (by channel), then a normal send. */
function sender(db: Db, platforms: FakePlatforms, failures: Map<string, SendOutcome & { kind: "failed" }> = new Map()) {
  return async (row: ClaimedPublication): Promise<SendOutcome> => {
    const failure = failures.get(channelOf(row));
    if (failure) {
      failures.delete(channelOf(row));
      return failure;
    }
    return { kind: "published", result: await platforms.send(db, row) };
  };
}

class Crash extends Error {}

let caseCount = 0;

describe.each(databaseTargets())("the outbox on $name", (target) => {
  let database: Database;
  let db: Db;
  let accounts: Record<"weibo" | "wechat" | "weibang", ChannelAccountRow>;
  let person: { id: number };
  const words = compileSensitiveWords(["代开发票"]);

  beforeAll(async () => {
    database = await target.open();
    db = database.db;
    accounts = {
      weibo: await createPublishingAccount(db, "weibo", "共青团成都市委微博"),
      wechat: await createPublishingAccount(db, "wechat", "成都共青团公众号"),
      weibang: await createPublishingAccount(db, "weibang", "成都共青团微邦"),
    };
    person = await createUser(db, { displayName: "发布编辑" });
  });
  afterAll(() => database.close());
  // every test starts from an empty outbox, so one test's rows are never another's due rows
  afterEach(async () => {
    await db.delete(publications);
    await db.update(channelAccounts).set({ status: "active" });
  });

  /**
   * A case merged from a Weibo mention and a WeChat message into a portal question (plus a Weibang post when
   * asked), answered, and approved: the approval and the outbox rows in one transaction.
   */
  async function approveMergedCase(
    options: { weibang?: boolean; added?: AddedTarget[]; failAfterPlan?: boolean } = {},
  ) {
    const main = await createCaseRow(db, { title: "志愿服务时长证明怎么开", source: "portal", status: "answering" });
    const fromWeibo = await createCaseRow(db, { source: "post", status: "merged", mergedInto: main.id });
    const fromWechat = await createCaseRow(db, { source: "post", status: "merged", mergedInto: main.id });
    const mention = await createSourcePost(db, accounts.weibo, {
      itemKind: "post",
      externalId: `42304900000${String(++caseCount).padStart(5, "0")}`,
      text: "@共青团成都市委 志愿服务时长证明怎么开？",
      publishedAt: at(-3600),
    });
    const message = await createSourcePost(db, accounts.wechat, {
      itemKind: "message",
      externalId: `234567890${String(caseCount).padStart(8, "0")}`,
      authorId: "oUser-openid-1",
      text: "你好，请问志愿时长证明在哪里开",
      publishedAt: at(-1800),
    });
    await linkCaseToPosts(db, fromWeibo.id, [mention.id]);
    await linkCaseToPosts(db, fromWechat.id, [message.id]);
    if (options.weibang) {
      const post = await createSourcePost(db, accounts.weibang, { itemKind: "post", publishedAt: at(-600) });
      await linkCaseToPosts(db, main.id, [post.id]);
    }
    const answer = await createAnswerRow(db, {
      caseId: main.id,
      status: "in_review",
      body: "同学你好！志愿服务时长证明可登录“志愿中国”自助打印；记录不符请联系学院团委王老师 13812345678 核实。",
    });
    const prepared = preparePublications({
      answer: { body: answer.body, title: main.title },
      targets: fanOutTargets({
        sources: await loadSourceThreads(db, main.id),
        added: options.added ?? [],
        capabilitiesOf: (channel) => CAPABILITIES[channel] ?? null,
        now: T0,
      }),
      portalUrl: `https://qnzs.youth.cn/cases/${main.code}`,
      sensitiveWords: words,
    });
    if (prepared.blocked) throw new Error("unexpected sensitive words");
    const rows = await db.transaction(async (tx) => {
      await tx.update(answers).set({ status: "approved", reviewerId: person.id }).where(eq(answers.id, answer.id));
      const planned = await planPublications(tx, { answerId: answer.id, targets: prepared.publications, now: T0 });
      if (options.failAfterPlan) throw new Crash("approval rolled back");
      return planned;
    });
    return { answer, rows, mention, message, prepared };
  }

  /** Worker passes until nothing is due or in flight (a parked row waits for a person). */
  async function settle(platforms: FakePlatforms, from: Date, owner = "worker-2"): Promise<void> {
    for (let pass = 0; pass < 10; pass += 1) {
      const now = new Date(from.getTime() + pass * 2 * LEASE_MS);
      await runOutboxPass(db, {
        owner,
        now,
        leaseMs: LEASE_MS,
        send: sender(db, platforms),
        verify: platforms.verify,
        random: noJitter,
      });
      const open = (await db.select().from(publications)).filter((row) => ["pending", "sending"].includes(row.status));
      if (open.length === 0) return;
    }
    throw new Error("the outbox did not settle");
  }

  const byTarget = async (answerId: number): Promise<Record<string, PublicationRow>> =>
    Object.fromEntries((await listPublications(db, answerId)).map((row) => [channelOf(row), row]));

  it("plans one row per target in the approval's transaction, keyed answer:<id>:<target>; planning again adds nothing", async () => {
    const { answer, rows, prepared } = await approveMergedCase();
    expect(rows.map((row) => [row.target.replace(/\d+/g, "#"), row.status])).toEqual([
      ["weibo:#:reply-to:#", "pending"],
      ["wechat:#:reply-to:#", "pending"],
      ["portal", "pending"],
    ]);
    expect(rows.map((row) => row.idempotencyKey)).toEqual(rows.map((row) => `answer:${answer.id}:${row.target}`));
    const again = await planPublications(db, { answerId: answer.id, targets: prepared.publications, now: at(5) });
    expect(again.map((row) => row.id)).toEqual(rows.map((row) => row.id));
    expect(await listPublications(db, answer.id)).toHaveLength(3);
  });

  it("leaves no rows when the approval is rolled back", async () => {
    await expect(approveMergedCase({ failAfterPlan: true })).rejects.toThrow(Crash);
    expect(await db.select().from(publications)).toEqual([]);
  });

  it("records a target that cannot be sent as failed with its reason, visible per target", async () => {
    const { answer } = await approveMergedCase({
      added: [{ channel: "rss", accountId: accounts.weibo.id, kind: "post" }],
    });
    const rss = (await byTarget(answer.id)).rss!;
    expect(rss.status).toBe("failed");
    expect(rss.lastError).toContain("不支持发布新内容");
  });

  it("answers the merged case on all three and the portal page, each exactly once, threaded to its source", async () => {
    const platforms = new FakePlatforms();
    const { answer, mention, message } = await approveMergedCase();
    await settle(platforms, T0);
    const rows = await byTarget(answer.id);
    for (const row of Object.values(rows)) {
      expect(row.status).toBe("sent");
      expect(platforms.count(row)).toBe(1);
    }
    const weibo = platforms.received.get(rows.weibo!.idempotencyKey)![0]!.message!;
    expect(weibo).toMatchObject({ kind: "reply", replyTo: { externalId: mention.externalId, itemKind: "post" } });
    const wechat = platforms.received.get(rows.wechat!.idempotencyKey)![0]!.message!;
    expect(wechat).toMatchObject({
      kind: "message",
      replyTo: { externalId: message.externalId, authorId: "oUser-openid-1" },
    });
    expect(wechat.idempotencyKey).toBe(rows.wechat!.idempotencyKey);
    expect(rows.weibo!.remoteUrl).toBe(`https://weibo.example/${rows.weibo!.id}`);
    // the phone number never left masked-free
    for (const row of Object.values(rows)) expect(JSON.stringify(row.payload)).not.toContain("13812345678");
    expect(weibo.text).toContain("138****5678");
  });

  it("lets two workers claiming at once take disjoint rows", async () => {
    await approveMergedCase({ weibang: true });
    await approveMergedCase({ weibang: true });
    const [first, second] = await Promise.all([
      claimDuePublications(db, "worker-a", 5, T0, { leaseMs: LEASE_MS }),
      claimDuePublications(db, "worker-b", 5, T0, { leaseMs: LEASE_MS }),
    ]);
    const ids = [...first!, ...second!].map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(8);
    expect([...first!, ...second!].every((row) => row.status === "sending" && row.attempts === 1)).toBe(true);
  });

  it("writes the attempt and the lease before anything is sent", async () => {
    await approveMergedCase();
    const [row] = await claimDuePublications(db, "worker-1", 1, T0, { leaseMs: LEASE_MS });
    const [stored] = await db.select().from(publications).where(eq(publications.id, row!.id));
    expect(stored).toMatchObject({ status: "sending", attempts: 1, leaseOwner: "worker-1", leaseUntil: at(60) });
    // nobody else can claim it, and recovery leaves it alone while the lease runs
    expect((await claimDuePublications(db, "worker-2", 10, at(1))).map((each) => each.id)).not.toContain(row!.id);
    expect(await recoverUnknownOutcomes(db, at(59), new FakePlatforms().verify, { owner: "r", now: at(59) })).toEqual(
      [],
    );
  });

  it("retries a failed connection after a backoff, honours a rate limit's wait, and fails on a permanent refusal", async () => {
    const platforms = new FakePlatforms();
    const { answer } = await approveMergedCase();
    const failures = new Map<string, SendOutcome & { kind: "failed" }>([
      ["weibo", { kind: "failed", error: new Transient("无法连接微博", "network"), requestLeft: false }],
      ["wechat", { kind: "failed", error: new RateLimited("API 调用太频繁", 600_000, 45009), requestLeft: false }],
      ["portal", { kind: "failed", error: new Permanent("内容含有违规信息", 87014), requestLeft: true }],
    ]);
    await runOutboxPass(db, {
      owner: "w",
      now: T0,
      send: sender(db, platforms, failures),
      verify: platforms.verify,
      random: () => 0.5,
    });
    const rows = await byTarget(answer.id);
    expect(rows.weibo).toMatchObject({
      status: "pending",
      attempts: 1,
      lastError: "无法连接微博 (network)",
      nextAttemptAt: at(15),
    });
    expect(rows.wechat).toMatchObject({ status: "pending", nextAttemptAt: at(600) });
    expect(rows.portal).toMatchObject({ status: "failed", lastError: "内容含有违规信息 (87014)" });
    // nothing is due before its time
    expect(await claimDuePublications(db, "w", 10, at(14))).toEqual([]);
    await settle(platforms, at(600));
    const settled = await byTarget(answer.id);
    expect([settled.weibo!.status, settled.wechat!.status, settled.portal!.status]).toEqual(["sent", "sent", "failed"]);
    expect(settled.weibo!.attempts).toBe(2);
  });

  it("on an expired authorisation flags the account and holds its row until it is re-authorised", async () => {
    const platforms = new FakePlatforms();
    const { answer } = await approveMergedCase();
    const [row] = await claimDuePublications(db, "w", 1, T0);
    const failures = new Map<string, SendOutcome & { kind: "failed" }>([
      ["weibo", { kind: "failed", error: new AuthExpired("微博授权已过期", "token_expired"), requestLeft: true }],
    ]);
    expect(await recordSendResult(db, row!, await sender(db, platforms, failures)(row!), decide(T0))).toMatchObject({
      status: "waiting_auth",
      attempts: 0,
      lastError: "授权已失效，等待重新授权：微博授权已过期 (token_expired)",
    });
    const [account] = await db.select().from(channelAccounts).where(eq(channelAccounts.id, accounts.weibo.id));
    expect(account).toMatchObject({ status: "needs_reauth", lastErrorKind: "auth_expired" });
    // the other channels go on; the Weibo row waits
    await settle(platforms, at(1));
    const rows = await byTarget(answer.id);
    expect([rows.weibo!.status, rows.wechat!.status, rows.portal!.status]).toEqual(["waiting_auth", "sent", "sent"]);
    expect(platforms.count(row!)).toBe(0);

    expect(await resumeWaitingPublications(db, accounts.weibo.id, at(3600))).toBe(1);
    await settle(platforms, at(3600));
    expect((await byTarget(answer.id)).weibo!.status).toBe("sent");
    expect(platforms.count(row!)).toBe(1);
  });

  it("holds the account's other due rows too when its authorisation expires", async () => {
    const first = await approveMergedCase();
    const second = await approveMergedCase();
    const [row] = await claimDuePublications(db, "w", 1, T0);
    expect(row!.answerId).toBe(first.answer.id);
    await recordSendResult(
      db,
      row!,
      { kind: "failed", error: new AuthExpired("授权过期"), requestLeft: true },
      decide(T0),
    );
    const waiting = (await byTarget(second.answer.id)).weibo!;
    expect(waiting.status).toBe("waiting_auth");
    expect((await byTarget(second.answer.id)).wechat!.status).toBe("pending");
  });

  it("gives up after the last attempt and shows the row as dead", async () => {
    const { answer } = await approveMergedCase();
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const claimed = await claimDuePublications(db, "w", 10, at(attempt * 100));
      for (const row of claimed) {
        await recordSendResult(
          db,
          row,
          { kind: "failed", error: new Transient("HTTP 503", 503), requestLeft: false },
          { now: at(attempt * 100), random: noJitter, policy: { baseMs: 1_000, capMs: 10_000, maxAttempts: 3 } },
        );
      }
    }
    const rows = await listPublications(db, answer.id);
    expect(rows.map((row) => [row.status, row.attempts])).toEqual([
      ["dead", 3],
      ["dead", 3],
      ["dead", 3],
    ]);
    expect(rows[0]!.lastError).toBe("已尝试 3 次仍未成功：HTTP 503 (503)");
  });

  describe("a worker killed at each step of a send, then restarted", () => {
    const STEPS = [
      "before the request",
      "after the request left",
      "after the response",
      "before the row is updated",
    ] as const;
    const TARGETS = ["weibo", "wechat", "portal", "weibang"] as const;

    async function killedWorker(platforms: FakePlatforms, step: (typeof STEPS)[number], victim: string): Promise<void> {
      const claimed = await claimDuePublications(db, "worker-1", 10, T0, { leaseMs: LEASE_MS });
      for (const row of claimed) {
        if (channelOf(row) !== victim) {
          await recordSendResult(db, row, { kind: "published", result: await platforms.send(db, row) }, decide(T0));
          continue;
        }
        if (step === "before the request") return;
        // the request reaches the platform either way; what differs is how far the worker got afterwards
        const result = await platforms.send(db, row);
        if (step === "after the request left" || step === "after the response") return;
        await expect(
          db.transaction(async (tx: Tx) => {
            await recordSendResult(tx, row, { kind: "published", result }, decide(T0));
            throw new Crash("killed before the update committed");
          }),
        ).rejects.toThrow(Crash);
        return;
      }
    }

    for (const step of STEPS) {
      for (const victim of TARGETS) {
        it(`killed ${step} on the ${victim} target: every target published once, or parked when it cannot be checked`, async () => {
          const platforms = new FakePlatforms();
          const { answer } = await approveMergedCase({ weibang: true });
          await killedWorker(platforms, step, victim);
          await settle(platforms, at(LEASE_MS / 1000 + 1));
          const rows = await listPublications(db, answer.id);
          for (const row of rows) {
            expect(platforms.count(row)).toBeLessThanOrEqual(1);
            if (platforms.canCheck(row)) {
              expect([channelOf(row), row.status, platforms.count(row)]).toEqual([channelOf(row), "sent", 1]);
            } else if (row.status !== "sent") {
              // a send that leaves no trace is parked for a person, never guessed at
              expect(row.status).toBe("parked");
              expect(row.lastError).toContain("无法在平台上核查");
            }
          }
          expect(rows.map(channelOf).sort()).toEqual([...TARGETS].sort());
        });
      }
    }
  });

  it("checks the platform before retrying a send whose outcome is unknown (a timeout after the request left)", async () => {
    const platforms = new FakePlatforms();
    const { answer } = await approveMergedCase();
    const claimed = await claimDuePublications(db, "w", 10, T0);
    const weibo = claimed.find((row) => channelOf(row) === "weibo")!;
    // the comment was posted, but the answer timed out on the way back
    await platforms.send(db, weibo);
    const recorded = await recordSendResult(
      db,
      weibo,
      { kind: "failed", error: new Transient("请求超时", "timeout"), requestLeft: true },
      decide(T0),
    );
    expect(recorded).toMatchObject({ status: "sending", leaseUntil: T0 });
    for (const row of claimed.filter((each) => each !== weibo)) {
      await recordSendResult(db, row, { kind: "published", result: await platforms.send(db, row) }, decide(T0));
    }
    const recovered = await recoverUnknownOutcomes(db, at(1), platforms.verify, { owner: "w2", ...decide(at(1)) });
    expect(recovered).toEqual([{ id: weibo.id, status: "sent", lastError: "核查确认此前已发送成功" }]);
    await settle(platforms, at(2));
    expect(platforms.count(weibo)).toBe(1);
    expect((await byTarget(answer.id)).weibo!.remoteId).toBe(`weibo-${weibo.id}-found`);
  });

  it("sends again when the check finds nothing, and only then", async () => {
    const platforms = new FakePlatforms();
    const { answer } = await approveMergedCase();
    await claimDuePublications(db, "worker-1", 10, T0, { leaseMs: LEASE_MS });
    const recovered = await recoverUnknownOutcomes(db, at(61), platforms.verify, { owner: "w2", ...decide(at(61)) });
    expect(recovered.map((row) => row.status)).toEqual(["pending", "parked", "pending"]);
    await settle(platforms, at(61));
    const rows = await byTarget(answer.id);
    expect([rows.weibo!.status, rows.wechat!.status, rows.portal!.status]).toEqual(["sent", "parked", "sent"]);
    expect([platforms.count(rows.weibo!), platforms.count(rows.wechat!)]).toEqual([1, 0]);
  });

  it("tries a failed check again later instead of guessing, and parks a row whose check cannot be made", async () => {
    const { answer } = await approveMergedCase();
    await claimDuePublications(db, "worker-1", 10, T0, { leaseMs: LEASE_MS });
    const flaky = async (row: PublicationRow): Promise<VerifyResult> => {
      if (channelOf(row) === "weibo") throw new Transient("微博接口暂时不可用", 502);
      throw new AuthExpired("微信授权已过期");
    };
    const recovered = await recoverUnknownOutcomes(db, at(61), flaky, { owner: "w2", now: at(61), random: () => 0.5 });
    expect(recovered.map((row) => row.status)).toEqual(["sending", "parked", "parked"]);
    const rows = await byTarget(answer.id);
    expect(rows.weibo).toMatchObject({ status: "sending", leaseOwner: null });
    expect(rows.weibo!.lastError).toContain("核查发送结果失败，稍后再查");
    expect(rows.wechat!.lastError).toBe("发送结果未知，核查失败：微信授权已过期");
    // it stays unknown, and is never claimed for sending, until a check succeeds
    expect(await claimDuePublications(db, "w3", 10, at(3600))).toEqual([]);
    const platforms = new FakePlatforms();
    expect(await recoverUnknownOutcomes(db, at(3600), platforms.verify, { owner: "w3", ...decide(at(3600)) })).toEqual([
      { id: rows.weibo!.id, status: "pending", lastError: expect.any(String) },
    ]);
  });

  it("records a late success even after the lease ran out, so the row is not sent twice", async () => {
    const platforms = new FakePlatforms();
    const { answer } = await approveMergedCase();
    const [slow] = await claimDuePublications(db, "slow-worker", 1, T0, { leaseMs: LEASE_MS });
    // the lease ran out; recovery checked before the slow request landed, found nothing, made it due again
    await recoverUnknownOutcomes(db, at(61), platforms.verify, { owner: "w2", ...decide(at(61)) });
    expect((await byTarget(answer.id)).weibo!.status).toBe("pending");
    const result = await platforms.send(db, slow!);
    expect(await recordSendResult(db, slow!, { kind: "published", result }, decide(at(62)))).toMatchObject({
      status: "sent",
    });
    await settle(platforms, at(63));
    expect(platforms.count(slow!)).toBe(1);
  });

  it("ignores a worker recording a failure on a row it no longer holds", async () => {
    await approveMergedCase();
    const [row] = await claimDuePublications(db, "worker-1", 1, T0, { leaseMs: LEASE_MS });
    await recoverUnknownOutcomes(db, at(61), new FakePlatforms().verify, { owner: "w2", ...decide(at(61)) });
    const reclaimed = await claimDuePublications(db, "worker-2", 10, at(62), { leaseMs: LEASE_MS });
    expect(reclaimed.map((each) => each.id)).toContain(row!.id);
    const late = await recordSendResult(
      db,
      row!,
      { kind: "failed", error: new Permanent("内容重复"), requestLeft: true },
      decide(at(63)),
    );
    expect(late).toBeNull();
    const [stored] = await db.select().from(publications).where(eq(publications.id, row!.id));
    expect(stored).toMatchObject({ status: "sending", leaseOwner: "worker-2", attempts: 2 });
  });

  it("does not send a scheduled publication before its time", async () => {
    const { answer, prepared } = await approveMergedCase();
    await db.delete(publications);
    await planPublications(db, { answerId: answer.id, targets: prepared.publications, now: T0, notBefore: at(7200) });
    expect(await claimDuePublications(db, "w", 10, at(7199))).toEqual([]);
    expect(await claimDuePublications(db, "w", 10, at(7200))).toHaveLength(3);
  });

  describe("a person deciding", () => {
    const auditOf = async (id: number) =>
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectType, "publication"), eq(auditLog.subjectId, String(id))));

    it("sends a parked row again after deciding it never arrived, with the decision in the audit log", async () => {
      const platforms = new FakePlatforms();
      const { answer } = await approveMergedCase();
      await claimDuePublications(db, "worker-1", 10, T0, { leaseMs: LEASE_MS });
      await settle(platforms, at(61));
      const parked = (await byTarget(answer.id)).wechat!;
      expect(parked.status).toBe("parked");
      const retried = await retryPublication(db, {
        id: parked.id,
        actorId: person.id,
        now: at(600),
        reason: "用户反馈未收到",
      });
      expect(retried).toMatchObject({ status: "pending", attempts: 0 });
      await settle(platforms, at(600));
      expect((await byTarget(answer.id)).wechat!.status).toBe("sent");
      expect(platforms.count(parked)).toBe(1);
      expect((await auditOf(parked.id)).map((row) => [row.action, row.actorId, row.data])).toEqual([
        [
          "publication.retry",
          person.id,
          expect.objectContaining({ from: "parked", to: "pending", reason: "用户反馈未收到", target: parked.target }),
        ],
      ]);
    });

    it("confirms a parked row found on the platform, without sending it again", async () => {
      const platforms = new FakePlatforms();
      const { answer } = await approveMergedCase();
      await claimDuePublications(db, "worker-1", 10, T0, { leaseMs: LEASE_MS });
      await settle(platforms, at(61));
      const parked = (await byTarget(answer.id)).wechat!;
      const confirmed = await confirmPublished(db, { id: parked.id, actorId: person.id, now: at(700) });
      expect(confirmed).toMatchObject({ status: "sent", lastError: "人工确认已发送" });
      expect(platforms.count(parked)).toBe(0);
      expect((await auditOf(parked.id)).map((row) => row.action)).toEqual(["publication.confirm_sent"]);
    });

    it("cancels a waiting row, and refuses to cancel one being sent or to retry one already sent", async () => {
      const platforms = new FakePlatforms();
      const { answer } = await approveMergedCase();
      const rows = await byTarget(answer.id);
      const cancelled = await cancelPublication(db, {
        id: rows.portal!.id,
        actorId: person.id,
        now: T0,
        reason: "门户另发",
      });
      expect(cancelled.status).toBe("cancelled");
      const [sending] = await claimDuePublications(db, "w", 1, T0);
      await expect(cancelPublication(db, { id: sending!.id, actorId: person.id, now: T0 })).rejects.toMatchObject({
        status: 409,
        message: expect.stringContaining("当前状态为「发送中」，不能取消"),
      });
      await settle(platforms, at(61));
      const sent = (await byTarget(answer.id)).weibo!;
      expect(sent.status).toBe("sent");
      await expect(retryPublication(db, { id: sent.id, actorId: person.id, now: at(900) })).rejects.toMatchObject({
        status: 409,
        message: expect.stringContaining("当前状态为「已发送」，不能重试"),
      });
      await expect(retryPublication(db, { id: 999_999, actorId: person.id, now: at(900) })).rejects.toMatchObject({
        status: 404,
      });
      expect(platforms.count(rows.portal!)).toBe(0);
      expect((await auditOf(rows.portal!.id)).map((row) => row.action)).toEqual(["publication.cancel"]);
      expect(await auditOf(sent.id)).toEqual([]);
    });
  });
});

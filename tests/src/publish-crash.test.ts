/**
 * The outbox worker killed at each step of a send, and restarted: every target is published exactly once, or
 * parked for a person where the platform keeps no record to check (a WeChat customer-service message). The real
 * worker sends to the simulator; "killed" is a checkpoint that never returns — from the database's side exactly
 * what a dead process leaves: the row claimed, its lease running, nothing recorded. The restarted worker is a new
 * process (new owner, empty caches) whose clock is past the dead one's lease.
 */
import type { ClaimedPublication } from "@qnzs/core/publish/index";
import { DEFAULT_LEASE_MS, portalAnswerUrl } from "@qnzs/core/publish/index";
import { createCrawlerRuntime, createSilentLogger } from "@qnzs/crawlers";
import { createOutboxWorker, type OutboxWorkerOptions, type SendStep } from "@qnzs/crawlers/outbox/index";
import { databaseTargets } from "@qnzs/db/testing";
import type { PublishedEntry } from "@qnzs/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answerInReview,
  callHub,
  collectSources,
  createPeople,
  openMergedCase,
  type People,
  publicationsOf,
  simRecord,
} from "./publishing-support.ts";
import { INSTANT, startWorld, type World } from "./world.ts";

type Channel = "weibo" | "wechat" | "portal";

interface Scenario {
  step: SendStep;
  channel: Channel;
  /** what the platform ends up holding of the killed send: 1 when the request had reached it */
  delivered: 0 | 1;
  /** how the restarted worker leaves the killed row */
  after: "sent" | "parked";
}

const SCENARIOS: Scenario[] = [
  // Weibo: the account's own recent comments tell whether the reply is there
  { step: "before_request", channel: "weibo", delivered: 1, after: "sent" },
  { step: "request_left", channel: "weibo", delivered: 1, after: "sent" },
  { step: "response_received", channel: "weibo", delivered: 1, after: "sent" },
  { step: "before_record", channel: "weibo", delivered: 1, after: "sent" },
  // WeChat customer-service messages leave no trace to read back: a person decides
  { step: "before_request", channel: "wechat", delivered: 0, after: "parked" },
  { step: "request_left", channel: "wechat", delivered: 1, after: "parked" },
  { step: "response_received", channel: "wechat", delivered: 1, after: "parked" },
  { step: "before_record", channel: "wechat", delivered: 1, after: "parked" },
  // the portal page is written locally, and writing it twice changes nothing
  { step: "before_request", channel: "portal", delivered: 1, after: "sent" },
  { step: "before_record", channel: "portal", delivered: 1, after: "sent" },
];

describe.each(databaseTargets())("the outbox worker killed mid-send on $name", (target) => {
  let world: World;
  let people: People;
  /** the workers' clock: a restart happens after the dead worker's lease has run out */
  let clock = new Date();

  beforeAll(async () => {
    world = await startWorld(target);
    people = await createPeople(world);
    await collectSources(world);
  });
  afterAll(() => world?.close());

  const workerOptions = (): OutboxWorkerOptions => ({
    portalUrlFor: (answerId) => portalAnswerUrl(world.hub.url, answerId),
    webhooks: false,
  });

  /** A worker process of its own: its own caches and owner, the test's clock, retries due at once. */
  const startProcess = (checkpoint?: OutboxWorkerOptions["checkpoint"]) => {
    const runtime = createCrawlerRuntime(world.database, {
      ...INSTANT,
      now: () => clock,
      random: () => 0,
      logger: createSilentLogger(),
    });
    return createOutboxWorker(runtime, { ...workerOptions(), ...(checkpoint ? { checkpoint } : {}) });
  };

  it.each(SCENARIOS)("killed at $step of the $channel send", async (scenario) => {
    const marker = `${scenario.channel}-${scenario.step}`;
    const merged = await openMergedCase(world, people, `志愿服务时长证明怎么开？（${marker}）`);
    const answerId = await answerInReview(
      world,
      people,
      merged.caseId,
      `同学你好，志愿服务时长证明可在“志愿中国”平台自助开具，编号 ${marker}。`,
    );
    const approved = await callHub(world, people.reviewer, "POST", `/api/answers/${answerId}/approve`, {});
    expect(approved.status).toBe(200);
    const recordBefore = (await simRecord(world)).length;

    // the first process dies when the chosen target's send reaches the step
    clock = new Date(Date.now());
    let died: (row: ClaimedPublication) => void = () => undefined;
    const death = new Promise<ClaimedPublication>((resolve) => {
      died = resolve;
    });
    const doomed = startProcess(async (step, row) => {
      if (step !== scenario.step || !row.target.startsWith(scenario.channel)) return;
      died(row);
      await new Promise(() => undefined);
    });
    void doomed.runOnce();
    const killed = await death;

    // a new process, after the dead one's lease ran out
    clock = new Date(clock.getTime() + DEFAULT_LEASE_MS + 1000);
    const restarted = startProcess();
    await restarted.runOnce();

    const sent = (await simRecord(world)).slice(recordBefore);
    expect(countFor(sent, "weibo", marker)).toBe(scenario.channel === "weibo" ? scenario.delivered : 1);
    expect(countFor(sent, "wechat", marker)).toBe(scenario.channel === "wechat" ? scenario.delivered : 1);
    const rows = await publicationsOf(world, people.reviewer, answerId);
    const byChannel = Object.fromEntries(rows.map((row) => [row.channel, row]));
    expect(byChannel[scenario.channel]?.id).toBe(killed.id);
    expect(byChannel[scenario.channel]?.status).toBe(scenario.after);
    for (const other of rows.filter((row) => row.id !== killed.id)) expect(other.status).toBe("sent");
    const page = await fetch(`${world.hub.url}/api/public/answers/${answerId}`);
    expect(page.status).toBe(200);

    if (scenario.after === "parked") {
      // the console shows why, and a person decides: sent it was (confirm), or it never left (retry)
      expect(byChannel.wechat?.lastError).toContain("无法在平台上核查");
      const action = scenario.delivered === 1 ? "confirm" : "retry";
      const decided = await callHub(world, people.author, "POST", `/api/publications/${killed.id}/${action}`, {
        reason: "已在公众号后台核对",
      });
      expect(decided.status).toBe(200);
      await restarted.runOnce();
      expect(countFor((await simRecord(world)).slice(recordBefore), "wechat", marker)).toBe(1);
      const settled = await publicationsOf(world, people.reviewer, answerId);
      expect(settled.map((row) => row.status)).toEqual(["sent", "sent", "sent"]);
    }

    // and nothing more, however often the worker runs again
    const before = await simRecord(world);
    await restarted.runOnce();
    expect(await simRecord(world)).toEqual(before);
  });
});

/** Replies and messages of one scenario on one platform: its marker is in the text. */
function countFor(entries: readonly PublishedEntry[], platform: "weibo" | "wechat", marker: string): number {
  return entries.filter(
    (entry) => entry.platform === platform && String(entry.params.comment ?? entry.params.content).includes(marker),
  ).length;
}

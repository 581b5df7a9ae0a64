/**
 * Lifecycle webhooks: an organisation registers an endpoint and receives signed events as its cases are created,
 * routed, answered, published and rated — each once, retried with backoff when the endpoint fails, never sent to
 * a plain-HTTP or internal address the operator did not allow.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Actor, loadActor } from "@qnzs/core/cases/access";
import { rateCase } from "@qnzs/core/cases/feedback";
import { verifyWebhookSignature } from "@qnzs/core/publish/index";
import { createCrawlerRuntime, createSilentLogger } from "@qnzs/crawlers";
import { createOutboxWorker } from "@qnzs/crawlers/outbox/index";
import { createUser, findOrgByName } from "@qnzs/db/case-factories";
import { cases, webhookDeliveries } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answerInReview,
  callHub,
  collectSources,
  createPeople,
  openMergedCase,
  type People,
  ROOT_ORG,
} from "./publishing-support.ts";
import { INSTANT, startWorld, type World } from "./world.ts";

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

/** An organisation's endpoint: records what arrives; answers 500 to the next `failNext` deliveries. */
class Receiver {
  readonly received: Received[] = [];
  failNext = 0;
  private server: Server | null = null;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        if (this.failNext > 0) {
          this.failNext -= 1;
          response.writeHead(500).end("down for maintenance");
          return;
        }
        this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

describe.each(databaseTargets())("lifecycle webhooks on $name", (target) => {
  let world: World;
  let people: People;
  let orgAdmin: Actor;
  const receiver = new Receiver();

  beforeAll(async () => {
    await receiver.start();
    // the operator lets webhooks reach this one plain-HTTP test receiver
    process.env.QNZS_WEBHOOK_ALLOWED_HOSTS = new URL(receiver.url).host;
    world = await startWorld(target);
    people = await createPeople(world);
    const root = await findOrgByName(world.database.db, ROOT_ORG);
    const admin = await createUser(world.database.db, { roles: [{ orgId: root.id, role: "admin" }] });
    orgAdmin = await loadActor(world.database.db, admin.id);
    await collectSources(world);
  });
  afterAll(async () => {
    await world?.close();
    await receiver.close();
  });

  it("refuses a plain-HTTP endpoint the operator did not allow, and registration by non-admins", async () => {
    const root = await findOrgByName(world.database.db, ROOT_ORG);
    const plain = await callHub(world, orgAdmin, "POST", "/api/webhooks", {
      orgId: root.id,
      url: "http://example.org/hook",
    });
    expect(plain.status).toBe(400);
    const notAdmin = await callHub(world, people.reviewer, "POST", "/api/webhooks", {
      orgId: root.id,
      url: "https://example.org/hook",
    });
    expect(notAdmin.status).toBe(403);
  });

  it("delivers each event of a case's life once, signed with the org's secret", async () => {
    const root = await findOrgByName(world.database.db, ROOT_ORG);
    const registered = await callHub(world, orgAdmin, "POST", "/api/webhooks", {
      orgId: root.id,
      url: `${receiver.url}/qnzs-events`,
    });
    expect(registered.status).toBe(201);
    const secret = registered.json.secret as string;
    expect(
      JSON.stringify((await callHub(world, orgAdmin, "GET", `/api/webhooks?orgId=${root.id}`)).json),
    ).not.toContain(secret);

    const merged = await openMergedCase(world, people, "团员关系转接需要什么材料？");
    const answerId = await answerInReview(
      world,
      people,
      merged.caseId,
      "同学你好，团员关系转接请登录智慧团建系统办理，联系电话 13712345678。",
    );
    expect((await callHub(world, people.reviewer, "POST", `/api/answers/${answerId}/approve`, {})).status).toBe(200);
    await world.hub.outbox.runOnce();
    const [row] = await world.database.db.select().from(cases).where(eq(cases.id, merged.caseId));
    await rateCase(world.database.db, { code: row!.code, rating: 5 });
    await world.hub.outbox.runOnce();

    const events = receiver.received.map((entry) => ({
      ...entry,
      json: JSON.parse(entry.body) as Record<string, unknown>,
    }));
    for (const entry of events) {
      expect(
        verifyWebhookSignature(secret, entry.body, String(entry.headers["x-qnzs-signature"]), { now: new Date() }),
      ).toBe(true);
      expect(entry.headers["x-qnzs-event"]).toBe(entry.json.type);
      // no asker's key, no contact: the code and the phone never leave
      expect(entry.body).not.toContain(row!.code);
      expect(entry.body).not.toContain("13712345678");
      expect(entry.body).not.toContain("13800138000");
    }
    const ofCase = events.filter((entry) => (entry.json.case as { id: number }).id === merged.caseId);
    expect(ofCase.map((entry) => entry.json.type)).toEqual([
      "case.created",
      "case.routed",
      "case.answered",
      "case.published",
      "case.rated",
    ]);
    const ids = events.map((entry) => entry.json.id);
    expect(new Set(ids).size).toBe(ids.length);
    // the merged-in cases (WeChat, portal) were created and routed in the org's subtree too
    expect(events.filter((entry) => entry.json.type === "case.created")).toHaveLength(3);

    const before = receiver.received.length;
    await world.hub.outbox.runOnce();
    expect(receiver.received.length).toBe(before);
  });

  it("retries a failing endpoint with backoff, and refuses internal addresses", async () => {
    const root = await findOrgByName(world.database.db, ROOT_ORG);
    const internal = await callHub(world, orgAdmin, "POST", "/api/webhooks", {
      orgId: root.id,
      url: "https://10.1.2.3/hook",
    });
    expect(internal.status).toBe(201);
    const internalId = (internal.json.webhook as { id: number }).id;

    let clock = new Date();
    const worker = createOutboxWorker(
      createCrawlerRuntime(world.database, { ...INSTANT, now: () => clock, logger: createSilentLogger() }),
      { webhooks: { allowedHosts: [new URL(receiver.url).host] } },
    );
    const before = receiver.received.length;
    receiver.failNext = 1;
    await openMergedCase(world, people, "青年大学习在哪里看？");
    await worker.runOnce();
    // the first delivery failed; the rest got through; the failed one waits for its backoff
    const waiting = await world.database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.status, "pending"));
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ attempts: 1, lastError: "HTTP 500", responseStatus: 500 });
    expect(waiting[0]!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(clock.getTime());
    const gotThrough = receiver.received.length - before;

    clock = new Date(clock.getTime() + 3_600_000);
    await worker.runOnce();
    expect(receiver.received.length - before).toBe(gotThrough + 1);
    const delivered = await callHub(world, orgAdmin, "GET", `/api/webhooks/${internalId}/deliveries`);
    const refused = delivered.json as unknown as { status: string; lastError: string }[];
    expect(refused.length).toBeGreaterThan(0);
    for (const delivery of refused) {
      expect(delivery.status).toBe("dead");
      expect(delivery.lastError).toContain("内网地址");
    }
  });
});

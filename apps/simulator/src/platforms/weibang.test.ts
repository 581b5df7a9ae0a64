import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../index.ts";
import { getJson, postJson, type ReceivedRequest, startReceiver } from "../testing.ts";

interface PushReport {
  delivered: string[];
  failed: { id: string; attempts: number }[];
  remaining: number;
}
interface WeibangBody {
  event_id: string;
  event_type: string;
  occurred_at: string;
  org: { id: string; name: string };
  author: { id: string; display_name: string };
  thread_id: string;
  text: string;
}

let sim: RunningSimulator;
let secret: string;

beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
  secret = (await getJson<{ weibang: { secret: string } }>(`${sim.url}/_sim/accounts`)).body.weibang.secret;
});
afterEach(() => sim.close());

const hmac = (key: string, body: string): string => `sha256=${createHmac("sha256", key).update(body).digest("hex")}`;

describe("Weibang webhooks", () => {
  it("signs each event with HMAC-SHA256 over the raw body and sends the reference fields", async () => {
    const receiver = await startReceiver(() => ({ status: 204 }));
    try {
      await postJson(`${sim.url}/_sim/config`, { weibang: { callbackUrl: receiver.url } });
      const report = await postJson<PushReport>(`${sim.url}/_sim/push`, { platform: "weibang" });
      expect(report.body.delivered).toHaveLength(20);
      expect(report.body.remaining).toBe(0);
      const types = new Set<string>();
      for (const request of receiver.requests) {
        expect(request.headers["x-signature"]).toBe(hmac(secret, request.body));
        expect(Number(request.headers["x-timestamp"])).toBeGreaterThan(1.6e9);
        const body = JSON.parse(request.body) as WeibangBody;
        expect(body.event_id).toMatch(/^[0-9a-f-]{36}$/);
        expect(body.occurred_at).toMatch(/\+08:00$/);
        expect(body.org.name).toBe("共青团广州市委");
        expect(body.text.length).toBeGreaterThan(0);
        types.add(body.event_type);
      }
      expect(types).toEqual(new Set(["message.created", "comment.created", "post.published"]));
    } finally {
      await receiver.close();
    }
  });

  it("retries on non-2xx with the same event, and keeps an unacknowledged event queued", async () => {
    const receiver = await startReceiver(() => ({ status: 503 }));
    try {
      await postJson(`${sim.url}/_sim/config`, { weibang: { callbackUrl: receiver.url, retryDelayMs: 0 } });
      const report = await postJson<PushReport>(`${sim.url}/_sim/push`, { platform: "weibang", count: 1 });
      expect(report.body.failed[0]?.attempts).toBe(4);
      expect(report.body.remaining).toBe(20);
      const ids = receiver.requests.map((r: ReceivedRequest) => (JSON.parse(r.body) as WeibangBody).event_id);
      expect(new Set(ids)).toEqual(new Set([report.body.failed[0]?.id]));
    } finally {
      await receiver.close();
    }
  });

  it("sends a bad signature under the malformed fault, and the proper event once it clears", async () => {
    const receiver = await startReceiver((r) => ({
      status: r.headers["x-signature"] === hmac(secret, r.body) ? 200 : 401,
    }));
    try {
      await postJson(`${sim.url}/_sim/config`, { weibang: { callbackUrl: receiver.url, retryDelayMs: 0, retries: 0 } });
      await postJson(`${sim.url}/_sim/faults`, {
        platform: "weibang",
        fault: "malformed",
        enabled: true,
        options: { variant: "signature" },
      });
      const refused = await postJson<PushReport>(`${sim.url}/_sim/push`, { platform: "weibang", count: 1 });
      expect(refused.body.delivered).toEqual([]);
      await postJson(`${sim.url}/_sim/faults`, { platform: "weibang", fault: "malformed", enabled: false });
      const accepted = await postJson<PushReport>(`${sim.url}/_sim/push`, { platform: "weibang", count: 1 });
      expect(accepted.body.delivered).toEqual([refused.body.failed[0]?.id]);
      expect((await getJson<{ weibang: number }>(`${sim.url}/_sim/stats`)).body.weibang).toBe(1);
    } finally {
      await receiver.close();
    }
  });
});

/**
 * A scripted adapter for crawler tests: each pull takes the next step of a script (items, or an error to throw),
 * and records the cursor it was handed.
 */
import type { AnyChannelAdapter, Cursor, InboundItem, PullResult } from "@qnzs/adapters";
import { z } from "zod";

export type PullStep = PullResult | Error | ((cursor: Cursor | null) => Promise<PullResult>);

export interface FakeAdapter extends AnyChannelAdapter {
  script: PullStep[];
  /** the cursor each pull was given */
  cursors: Array<Cursor | null>;
}

export function createFakeAdapter(kind = "fake", script: PullStep[] = []): FakeAdapter {
  const adapter: FakeAdapter = {
    kind,
    meta: { name: "测试渠道", description: "", antiCrawlerRisk: "none", example: {}, defaultSchedule: "*/10 * * * *" },
    config: z.object({}).passthrough() as unknown as AnyChannelAdapter["config"],
    secretFields: [],
    capabilities: { pull: true, push: false, reply: false, post: false, maxLength: 0 },
    script,
    cursors: [],
    async pull(_config, cursor) {
      adapter.cursors.push(cursor);
      const step = adapter.script.shift();
      if (step === undefined) return { items: [], cursor: cursor ?? {}, caughtUp: true };
      if (step instanceof Error) throw step;
      if (typeof step === "function") return step(cursor);
      return step;
    },
  };
  return adapter;
}

export function fakeItems(ids: string[], publishedAt = "2025-05-12T08:00:00+08:00"): InboundItem[] {
  return ids.map((id) => ({
    externalId: id,
    itemKind: "post",
    text: `请问西部计划报名需要什么材料？编号 ${id}`,
    publishedAt,
    raw: { id },
  }));
}

export function page(ids: string[], cursor: Cursor, caughtUp = true): PullResult {
  return { items: fakeItems(ids), cursor, caughtUp };
}

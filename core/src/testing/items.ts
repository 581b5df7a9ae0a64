import type { InboundItem } from "@qnzs/adapters/contract";

let sequence = 0;

/** A valid inbound post; tests override what they are about. */
export function buildInboundItem(overrides: Partial<InboundItem> = {}): InboundItem {
  sequence++;
  return {
    externalId: `item-${sequence}`,
    itemKind: "post",
    text: `第${sequence}条测试帖子：请问团组织关系怎么转接？`,
    publishedAt: new Date(Date.UTC(2025, 0, 1) + sequence * 60_000).toISOString(),
    author: { id: `u${sequence}`, name: `青年${sequence}` },
    raw: { id: `item-${sequence}` },
    ...overrides,
  };
}

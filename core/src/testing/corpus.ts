import type { InboundItem } from "@qnzs/adapters/contract";
import { CORPUS_FIXTURE, type LabeledPost, readLabeledPosts } from "../understand/corpus.ts";

export { CORPUS_FIXTURE };

/** The corpus as inbound items, one an hour from 2025-01-01 in file order. */
export function corpusItems(posts: LabeledPost[] = readLabeledPosts(CORPUS_FIXTURE)): {
  channel: string;
  item: InboundItem;
}[] {
  return posts.map((post, index) => ({
    channel: post.channel ?? "h5",
    item: {
      externalId: post.id,
      itemKind: "post",
      text: post.text,
      publishedAt: new Date(Date.UTC(2025, 0, 1) + index * 3_600_000).toISOString(),
      raw: post,
    },
  }));
}

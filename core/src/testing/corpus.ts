import { readFileSync } from "node:fs";
import type { InboundItem } from "@qnzs/adapters/contract";

/** A labelled post of the development corpus (a copy of ../shared/corpus/questions.dev.jsonl). */
export interface CorpusPost {
  id: string;
  channel: string;
  text: string;
  is_question: boolean;
  category: string | null;
  urgent: boolean;
  region: string | null;
  city: string | null;
  dup_of: string | null;
}

export function loadCorpus(): CorpusPost[] {
  return readFileSync(new URL("./fixtures/corpus.jsonl", import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as CorpusPost);
}

/** The corpus as inbound items, one an hour from 2025-01-01 in file order. */
export function corpusItems(posts: CorpusPost[] = loadCorpus()): { channel: string; item: InboundItem }[] {
  return posts.map((post, index) => ({
    channel: post.channel,
    item: {
      externalId: post.id,
      itemKind: "post",
      text: post.text,
      publishedAt: new Date(Date.UTC(2025, 0, 1) + index * 3_600_000).toISOString(),
      raw: post,
    },
  }));
}

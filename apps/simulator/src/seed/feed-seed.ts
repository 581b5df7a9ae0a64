import { type FeedItem, type FeedName, FeedStore } from "../platforms/feed-store.ts";
import type { Random } from "../random.ts";
import { type TextPool, titleOf } from "./corpus.ts";

const AUTHORS = ["青年之声编辑部", "团中央新媒体中心", "中国青年网"];
const CATEGORIES = ["学习成才", "创业就业", "权益维护", "情感婚恋", "青年之声"];
const HOUR = 3600_000;

export function makeFeedItem(
  store: FeedStore,
  feed: FeedName,
  random: Random,
  text: string,
  publishedAt: Date,
): FeedItem {
  const id = store.nextId();
  return {
    id,
    title: titleOf(text, 32),
    text,
    author: random.pick(AUTHORS),
    category: random.pick(CATEGORIES),
    publishedAt,
    guid: feed === "atom" ? `tag:qnzs.youth.cn,2015:entry-${id}` : `qnzs-${feed}-${id}`,
  };
}

const SIZES: Record<FeedName, number> = { rss2: 8, atom: 6, rdf: 5, gbk: 5 };

export function seedFeeds(random: Random, pool: TextPool, anchor: Date): FeedStore {
  const store = new FeedStore();
  for (const feed of Object.keys(SIZES) as FeedName[]) {
    for (let i = SIZES[feed] - 1; i >= 0; i--) {
      const text = pool.take("h5", { gbk: feed === "gbk" }).text;
      store.feeds[feed].unshift(
        makeFeedItem(store, feed, random, text, new Date(anchor.getTime() - (i * 11 + random.int(1, 5)) * HOUR)),
      );
    }
  }
  // One RSS item without a guid: readers fall back to its link.
  const bare = store.feeds.rss2[2];
  if (bare) bare.guid = null;
  return store;
}

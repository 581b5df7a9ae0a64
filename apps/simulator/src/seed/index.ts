import type { FeedStore } from "../platforms/feed-store.ts";
import type { PortalStore } from "../platforms/portal-store.ts";
import type { WechatStore } from "../platforms/wechat-store.ts";
import type { WeibangStore } from "../platforms/weibang-store.ts";
import { createRandom, type Random } from "../random.ts";
import { loadCorpus, TextPool } from "./corpus.ts";
import { seedFeeds } from "./feed-seed.ts";
import { seedPortals } from "./portal-seed.ts";
import { seedWechat } from "./wechat-seed.ts";
import { seedWeibang } from "./weibang-seed.ts";
import { seedWeibo, type WeiboSeedResult } from "./weibo-seed.ts";

/** Everything the simulator serves, built deterministically from a seed and the corpus. */
export interface SeededWorld {
  random: Random;
  pool: TextPool;
  weibo: WeiboSeedResult;
  wechat: WechatStore;
  weibang: WeibangStore;
  portals: PortalStore;
  feeds: FeedStore;
}

/** The same seed and corpus give the same world; `anchor` only places it in time (seeded posts are recent). */
export function seedWorld(seed: number, anchor: Date, corpusPath?: string): SeededWorld {
  const random = createRandom(seed);
  const pool = new TextPool(loadCorpus(corpusPath));
  // Each platform draws from its own stream, so changing one platform's seed data leaves the others as they were.
  const weibo = seedWeibo(createRandom(seed + 1), pool, anchor);
  const wechat = seedWechat(createRandom(seed + 2), pool, anchor);
  const weibang = seedWeibang(createRandom(seed + 3), pool);
  const portals = seedPortals(createRandom(seed + 4), pool, anchor);
  const feeds = seedFeeds(createRandom(seed + 5), pool, anchor);
  return { random, pool, weibo, wechat, weibang, portals, feeds };
}

import { formatTrsParts } from "../china-time.ts";
import { type PortalArticle, PortalStore } from "../platforms/portal-store.ts";
import type { Random } from "../random.ts";
import { type TextPool, titleOf } from "./corpus.ts";

const EDITORS = ["李婧怡", "王晓燕", "张弛", "刘洋", "陈思远", "赵敏"];
const HOUR = 3600_000;

export const PORTAL_A_SOURCE = "中国青年网";
export const PORTAL_B_SOURCE = "青年之声·江苏";

/** A new portal-a article (TRS paths `YYYYMM/tYYYYMMDD_N.htm`). */
export function makePortalAArticle(store: PortalStore, random: Random, text: string, publishedAt: Date): PortalArticle {
  const docId = store.nextDocId();
  const { month, day } = formatTrsParts(publishedAt);
  return {
    docId,
    title: titleOf(text),
    text,
    publishedAt,
    editor: random.pick(EDITORS),
    source: PORTAL_A_SOURCE,
    path: `${month}/t${day}_${docId}.htm`,
    pinned: false,
    entityTitle: false,
  };
}

export function makePortalBArticle(store: PortalStore, random: Random, text: string, publishedAt: Date): PortalArticle {
  const docId = store.nextDocId();
  const { month, day } = formatTrsParts(publishedAt);
  return {
    docId,
    title: titleOf(text),
    text,
    publishedAt,
    editor: random.pick(EDITORS),
    source: PORTAL_B_SOURCE,
    path: `tsxq/${month}/t${day}_${docId}.html`,
    pinned: false,
    entityTitle: false,
  };
}

/** portal-a: 20 articles over three pages; portal-b: 14, one pinned, one with an entity-encoded title. */
export function seedPortals(random: Random, pool: TextPool, anchor: Date): PortalStore {
  const store = new PortalStore();
  const at = (hoursAgo: number): Date => new Date(anchor.getTime() - hoursAgo * HOUR);
  for (let i = 19; i >= 0; i--) {
    store.a.unshift(
      makePortalAArticle(store, random, pool.take("h5", { gbk: true }).text, at(i * 17 + random.int(1, 9))),
    );
  }
  for (let i = 13; i >= 0; i--) {
    store.b.unshift(
      makePortalBArticle(store, random, pool.take("h5", { gbk: true }).text, at(i * 23 + random.int(1, 9))),
    );
  }
  const pinned = store.b[9];
  if (pinned) pinned.pinned = true;
  const quoted = store.b[2];
  if (quoted) {
    quoted.title = `“青年之声”答网友问：${quoted.title}`;
    quoted.entityTitle = true;
  }
  return store;
}

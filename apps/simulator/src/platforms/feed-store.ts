export const FEED_NAMES = ["rss2", "atom", "rdf", "gbk"] as const;
export type FeedName = (typeof FEED_NAMES)[number];

export interface FeedItem {
  id: number;
  title: string;
  text: string;
  author: string;
  category: string;
  publishedAt: Date;
  /** RSS guid / Atom id; null for the one RSS item that has none */
  guid: string | null;
}

/** Four feeds, newest item first: RSS 2.0, Atom, RSS 1.0 (RDF) and a GBK RSS. */
export class FeedStore {
  readonly feeds: Record<FeedName, FeedItem[]> = { rss2: [], atom: [], rdf: [], gbk: [] };
  private lastId = 1000;

  nextId(): number {
    return ++this.lastId;
  }
}

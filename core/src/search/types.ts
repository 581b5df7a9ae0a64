import type { Category } from "@qnzs/db/schema";

export interface SearchFilters {
  channel?: string[];
  accountId?: number[];
  category?: Category[];
  region?: string;
  city?: string;
  isQuestion?: boolean;
  urgent?: boolean;
  from?: Date;
  to?: Date;
  /** only posts stored after this one (ids grow in arrival order): "what came in since I last looked" */
  afterId?: number;
  /**
   * hide near-duplicates (posts linked to an earlier one). With `accountId`, a repeat of a post outside those
   * accounts stays listed: the post it would be folded under is not shown to this reader.
   */
  foldDuplicates?: boolean;
}

export interface SearchQuery {
  /** free text; empty lists everything, newest first */
  text: string;
  filters?: SearchFilters;
  /** "relevance" (default when there is text): best matches among the newest; "newest": by time only */
  order?: "relevance" | "newest";
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  id: number;
  channel: string;
  accountId: number;
  externalId: string;
  itemKind: string;
  authorName: string | null;
  title: string | null;
  text: string;
  /** an excerpt around the first match, HTML-escaped, matches wrapped in <mark> */
  highlight: string;
  url: string | null;
  publishedAt: Date;
  score: number;
  isQuestion: boolean | null;
  category: Category | null;
  urgent: boolean | null;
  region: string | null;
  city: string | null;
  dupOf: number | null;
}

export interface SearchResult {
  /** matches, exact up to a cap (see `totalIsLowerBound`) */
  total: number;
  /** true when there are more matches than `total` says ("10,000+") */
  totalIsLowerBound: boolean;
  hits: SearchHit[];
  /** the words the query was segmented into */
  terms: string[];
}

/** Full-text search over posts. PostgreSQL full text over jieba tokens here; Meilisearch may sit behind it later. */
export interface SearchIndex {
  search(query: SearchQuery): Promise<SearchResult>;
}

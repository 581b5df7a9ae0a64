/**
 * What the CLI (and later the console) can ask of the hub. One interface, two ways to reach it: in this process on
 * an open database (local.ts), or over the running hub's API (remote.ts). Every value is plain JSON.
 */
import type { ChannelAccountView } from "@qnzs/core/channels/health";
import type { ImportRecord, ImportTotals } from "@qnzs/core/import/index";
import type { PostStats } from "@qnzs/core/stats/post-stats";
import type { AddAccountInput, AddAccountResult, CrawlEvent, CrawlSummary } from "@qnzs/crawlers";
import type { Category } from "@qnzs/db/schema";

export type { ChannelAccountView, CrawlEvent, CrawlSummary, ImportTotals, PostStats };

export interface SearchRequest {
  text: string;
  limit?: number;
  offset?: number;
  filters?: { channel?: string[]; category?: Category[]; region?: string; isQuestion?: boolean };
}

export interface SearchHitView {
  id: number;
  channel: string;
  accountId: number;
  externalId: string;
  title: string | null;
  text: string;
  highlight: string;
  url: string | null;
  publishedAt: string;
  score: number;
  isQuestion: boolean | null;
  category: Category | null;
  region: string | null;
}

export interface SearchResultView {
  total: number;
  totalIsLowerBound: boolean;
  terms: string[];
  hits: SearchHitView[];
}

export interface HubOperations {
  /** where the work happens, for messages: "hub http://…" or "database …" */
  readonly via: string;
  addChannel(input: AddAccountInput): Promise<AddAccountResult>;
  listChannels(): Promise<ChannelAccountView[]>;
  crawl(input: { accountId?: number }, onEvent?: (event: CrawlEvent) => void): Promise<CrawlSummary>;
  importRecords(records: ImportRecord[], onProgress?: (done: number, total: number) => void): Promise<ImportTotals>;
  search(request: SearchRequest): Promise<SearchResultView>;
  stats(): Promise<PostStats>;
}

/** A request the caller got wrong (unknown account, invalid config): the same error on both paths. */
export class OperationError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = "OperationError";
  }
}

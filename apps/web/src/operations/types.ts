/**
 * What the CLI (and later the console) can ask of the hub. One interface, two ways to reach it: in this process on
 * an open database (local.ts), or over the running hub's API (remote.ts). Every value is plain JSON.
 */
import type { HotlineImportReport } from "@qnzs/core/cases/hotline";
import type { AssessmentReport } from "@qnzs/core/cases/metrics";
import type { OrgImportReport } from "@qnzs/core/cases/org-import";
import type { ChannelAccountView } from "@qnzs/core/channels/health";
import type { ImportRecord, ImportTotals } from "@qnzs/core/import/index";
import type { PostStats } from "@qnzs/core/stats/post-stats";
import type { AddAccountInput, AddAccountResult, CrawlEvent, CrawlSummary } from "@qnzs/crawlers";
import type { Category, HelperType, Role } from "@qnzs/db/schema";

export type {
  ChannelAccountView,
  CrawlEvent,
  CrawlSummary,
  HotlineImportReport,
  ImportTotals,
  OrgImportReport,
  PostStats,
};

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

/** A user to add; orgs are named as on the command line (an id, "#17", or a unique name) and resolved by the hub. */
export interface AddUserRequest {
  username: string;
  displayName?: string;
  password?: string;
  isAdmin?: boolean;
  roles: { org: string; role: Role }[];
  helper?: { type: HelperType; categories: Category[]; capacity: number };
}

export interface AddedUserView {
  id: number;
  username: string;
  isAdmin: boolean;
}

export interface ApiTokenView {
  id: number;
  /** shown this once; the database keeps only its hash */
  token: string;
  userId: number;
}

/** An assessment of an org (by id or name) over Beijing dates YYYY-MM-DD, both included. */
export interface ReportRequest {
  org: string;
  from?: string;
  to?: string;
}

/** The assessment as JSON: the period's bounds as ISO strings. */
export type AssessmentReportView = Omit<AssessmentReport, "from" | "to"> & { from: string; to: string };

export interface HubOperations {
  /** where the work happens, for messages: "hub http://…" or "database …" */
  readonly via: string;
  addChannel(input: AddAccountInput): Promise<AddAccountResult>;
  listChannels(): Promise<ChannelAccountView[]>;
  crawl(input: { accountId?: number }, onEvent?: (event: CrawlEvent) => void): Promise<CrawlSummary>;
  importRecords(records: ImportRecord[], onProgress?: (done: number, total: number) => void): Promise<ImportTotals>;
  search(request: SearchRequest): Promise<SearchResultView>;
  stats(): Promise<PostStats>;
  /** case handling's administration: what `qnzs org import`, `user add`, `token create`, `import-hotline`, `report` do */
  importOrgs(csv: string): Promise<OrgImportReport>;
  addUser(input: AddUserRequest): Promise<AddedUserView>;
  createApiToken(input: { username: string; name?: string }): Promise<ApiTokenView>;
  importHotlineRecords(csv: string): Promise<HotlineImportReport>;
  buildAssessmentReport(request: ReportRequest): Promise<AssessmentReportView>;
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

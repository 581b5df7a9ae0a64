/** The operations on an open database, in this process: what the hub runs, and what the CLI runs with no hub. */
import { listChannelAccounts } from "@qnzs/core/channels/health";
import { importRecords } from "@qnzs/core/import/index";
import { createPostgresSearch } from "@qnzs/core/search/index";
import { collectPostStats } from "@qnzs/core/stats/post-stats";
import { addChannelAccount, ChannelOptionsError, CrawlError, type CrawlerRuntime, crawlNow } from "@qnzs/crawlers";
import { createCaseAdminOperations } from "./case-admin.ts";
import { type HubOperations, OperationError, type SearchResultView } from "./types.ts";

export function createLocalOperations(runtime: CrawlerRuntime, via = "database"): HubOperations {
  const { db, secrets } = runtime.database;
  return {
    via,
    addChannel: (input) => asOperationError(() => addChannelAccount(runtime, input)),
    listChannels: () => listChannelAccounts(db, secrets, { now: runtime.now() }),
    crawl: (input, onEvent) => asOperationError(() => crawlNow(runtime, { accountId: input.accountId, onEvent })),
    importRecords: (records, onProgress) => {
      const now = runtime.now();
      // imported batches go through the runtime's ingest hook like crawled ones (urgent posts open cases)
      return importRecords(db, records, {
        onProgress,
        now,
        afterStore: (tx, report) => runtime.onIngested(tx, report, now),
      });
    },
    async search(request): Promise<SearchResultView> {
      const result = await createPostgresSearch(db, runtime.now).search({
        text: request.text,
        limit: request.limit,
        offset: request.offset,
        filters: request.filters,
      });
      return {
        total: result.total,
        totalIsLowerBound: result.totalIsLowerBound,
        terms: result.terms,
        hits: result.hits.map((hit) => ({
          id: hit.id,
          channel: hit.channel,
          accountId: hit.accountId,
          externalId: hit.externalId,
          title: hit.title,
          text: hit.text,
          highlight: hit.highlight,
          url: hit.url,
          publishedAt: hit.publishedAt.toISOString(),
          score: hit.score,
          isQuestion: hit.isQuestion,
          category: hit.category,
          region: hit.region,
        })),
      };
    },
    stats: () => collectPostStats(db),
    ...createCaseAdminOperations(runtime),
  };
}

/** The caller's mistakes become OperationError, so the CLI treats them alike whether or not a hub runs. */
async function asOperationError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ChannelOptionsError) throw new OperationError(error.message, 400);
    if (error instanceof CrawlError && error.kind === "config") throw new OperationError(error.message, 404);
    throw error;
  }
}

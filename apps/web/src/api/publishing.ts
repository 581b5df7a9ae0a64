/**
 * What the hub's publishing needs besides the database: the adapters' capabilities (apps may read the registry,
 * core may not), the managed word lists (the `sensitive_words` table, read through a cache that recompiles on
 * change), the portal's public address and the hosts webhooks may reach over plain HTTP.
 *
 * Word-list files seed the table at start, so a deployment can bring its list along: `QNZS_SENSITIVE_WORDS` /
 * `QNZS_WATCHED_TOPICS`, else `sensitive-words.txt` / `watched-topics.txt` in the data folder — one word a line,
 * a tab and a category may follow. Words already listed stay as they are; removing one is done in the console.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Actor } from "@qnzs/core/cases/access";
import {
  type ApprovalResult,
  approveAndPlan,
  createWordListCache,
  type PublishingSetup,
  parseWordList,
  portalAnswerUrl,
  type SensitiveWordEntry,
  seedWords,
  toPublicationView,
} from "@qnzs/core/publish/index";
import type { CrawlerRuntime } from "@qnzs/crawlers";
import { webhookHostsFromEnv } from "@qnzs/crawlers/outbox/index";
import { type Db, resolveDataDir } from "@qnzs/db";
import type { WordListName } from "@qnzs/db/schema";
import type { ApproveAnswer } from "./cases-routes.ts";

export interface PublishingOptions {
  /** the portal's public address; an answer's page is `<publicUrl>/answers/<id>` (default: the hub's own URL) */
  publicUrl?: string;
  /** public numbers (an org's hotline) that stay unmasked */
  keep?: readonly string[];
  /** hosts ("host" or "host:port") webhooks may reach over HTTP or on an internal address */
  webhookAllowedHosts?: readonly string[];
}

export interface Publishing {
  runtime: CrawlerRuntime;
  setup: PublishingSetup;
  /** approval through any API (the case API's, the console's) plans the outbox with this hub's setup */
  approveAnswer: ApproveAnswer;
  publicUrl: string;
  portalUrlFor(answerId: number): string;
  webhookAllowedHosts: readonly string[];
  /** loads the word-list files into the table (at hub start); warns when no word blocks anything */
  seedWordLists(): Promise<void>;
}

export function createPublishing(runtime: CrawlerRuntime, hubUrl: string, options: PublishingOptions = {}): Publishing {
  const publicUrl = (options.publicUrl ?? process.env.QNZS_PUBLIC_URL ?? hubUrl).replace(/\/+$/, "");
  const dataDir = runtime.database.dataDir ?? resolveDataDir();
  const portalUrlFor = (answerId: number) => portalAnswerUrl(publicUrl, answerId);
  const setup: PublishingSetup = {
    capabilitiesOf(channel) {
      try {
        return runtime.adapterFor(channel).capabilities;
      } catch {
        return null;
      }
    },
    wordLists: createWordListCache().load,
    portalUrlFor,
    portalHome: `${publicUrl}/`,
    keep: options.keep ?? [],
  };
  return {
    runtime,
    publicUrl,
    portalUrlFor,
    setup,
    approveAnswer: async (db: Db, actor: Actor, input, approval) => {
      const result: ApprovalResult = await approveAndPlan(db, actor, input, setup, approval);
      return { ...result, publications: result.publications.map(toPublicationView) };
    },
    webhookAllowedHosts: options.webhookAllowedHosts ?? webhookHostsFromEnv(),
    async seedWordLists() {
      const db = runtime.database.db;
      const files: [WordListName, string | undefined, string][] = [
        ["blocked", process.env.QNZS_SENSITIVE_WORDS, join(dataDir, "sensitive-words.txt")],
        ["watched", process.env.QNZS_WATCHED_TOPICS, join(dataDir, "watched-topics.txt")],
      ];
      for (const [list, named, fallback] of files) {
        const added = await seedWords(db, list, readWordFile(named, fallback));
        if (added > 0) runtime.logger.info({ list, added }, "word list seeded from file");
      }
      if ((await setup.wordLists(db)).sensitiveWords.size === 0) {
        runtime.logger.warn("敏感词库为空：发布前不做敏感词检查 / the sensitive-word list is empty");
      }
    },
  };
}

function readWordFile(path: string | undefined, fallback: string): SensitiveWordEntry[] {
  const file = path ?? fallback;
  if (!existsSync(file)) {
    if (path) throw new Error(`词表文件不存在 / word list not found: ${path}`);
    return [];
  }
  return parseWordList(readFileSync(file, "utf8"));
}

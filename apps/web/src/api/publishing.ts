/**
 * What the hub's publishing needs besides the database: the adapters' capabilities (apps may read the registry,
 * core may not), the managed word lists, the portal's public address, the hosts webhooks may reach over plain
 * HTTP, and who is asking. Until the word lists move into the database they are files: `QNZS_SENSITIVE_WORDS` /
 * `QNZS_WATCHED_TOPICS`, else `sensitive-words.txt` / `watched-topics.txt` in the data folder — one word a line,
 * a tab and a category may follow.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Actor } from "@qnzs/core/cases/access";
import {
  type ApprovalResult,
  approveAndPlan,
  compileSensitiveWords,
  type PublishingSetup,
  parseWordList,
  portalAnswerUrl,
  type SensitiveWordList,
} from "@qnzs/core/publish/index";
import type { CrawlerRuntime } from "@qnzs/crawlers";
import { webhookHostsFromEnv } from "@qnzs/crawlers/outbox/index";
import { type Db, resolveDataDir } from "@qnzs/db";
import { type ActorSource, actingUser } from "./actor.ts";

export interface PublishingOptions {
  /** the portal's public address; an answer's page is `<publicUrl>/answers/<id>` (default: the hub's own URL) */
  publicUrl?: string;
  sensitiveWords?: SensitiveWordList;
  watchedTopics?: SensitiveWordList | null;
  /** public numbers (an org's hotline) that stay unmasked */
  keep?: readonly string[];
  /** hosts ("host" or "host:port") webhooks may reach over HTTP or on an internal address */
  webhookAllowedHosts?: readonly string[];
  /** who is asking; the hub's interim default is `actingUser` (see actor.ts) */
  actors?: ActorSource;
}

export interface Publishing {
  runtime: CrawlerRuntime;
  setup: PublishingSetup;
  /** approval through any API (the case API's approve operation too) plans the outbox with this hub's setup */
  approveAnswer(
    db: Db,
    actor: Actor,
    input: { answerId: number; note?: string | undefined },
    options: { now: Date },
  ): Promise<ApprovalResult>;
  publicUrl: string;
  portalUrlFor(answerId: number): string;
  webhookAllowedHosts: readonly string[];
  actors: ActorSource;
}

export function createPublishing(runtime: CrawlerRuntime, hubUrl: string, options: PublishingOptions = {}): Publishing {
  const publicUrl = (options.publicUrl ?? process.env.QNZS_PUBLIC_URL ?? hubUrl).replace(/\/+$/, "");
  const dataDir = runtime.database.dataDir ?? resolveDataDir();
  const sensitiveWords =
    options.sensitiveWords ?? readWordList(process.env.QNZS_SENSITIVE_WORDS, join(dataDir, "sensitive-words.txt"));
  if (sensitiveWords.size === 0) {
    runtime.logger.warn("敏感词表为空：答复发布前不做敏感词检查 / the sensitive-word list is empty");
  }
  const watchedTopics =
    options.watchedTopics === undefined
      ? readWordList(process.env.QNZS_WATCHED_TOPICS, join(dataDir, "watched-topics.txt"))
      : options.watchedTopics;
  const portalUrlFor = (answerId: number) => portalAnswerUrl(publicUrl, answerId);
  const setup: PublishingSetup = {
    capabilitiesOf(channel) {
      try {
        return runtime.adapterFor(channel).capabilities;
      } catch {
        return null;
      }
    },
    sensitiveWords,
    watchedTopics,
    portalUrlFor,
    keep: options.keep ?? [],
  };
  return {
    runtime,
    publicUrl,
    portalUrlFor,
    setup,
    approveAnswer: (db, actor, input, approval) =>
      approveAndPlan(db, actor, { answerId: input.answerId, note: input.note }, setup, approval),
    webhookAllowedHosts: options.webhookAllowedHosts ?? webhookHostsFromEnv(),
    actors: options.actors ?? actingUser(runtime.database.db),
  };
}

function readWordList(path: string | undefined, fallback: string): SensitiveWordList {
  const file = path ?? fallback;
  if (!existsSync(file)) {
    if (path) throw new Error(`词表文件不存在 / word list not found: ${path}`);
    return compileSensitiveWords([]);
  }
  return compileSensitiveWords(parseWordList(readFileSync(file, "utf8")));
}

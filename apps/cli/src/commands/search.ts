import { CATEGORIES, type Category } from "@qnzs/db/schema";
import type { Command } from "commander";
import { CliError, globalOptions, printJson, withHubOrDatabase } from "../context.ts";

interface SearchOptions {
  limit: string;
  offset: string;
  channel?: string[];
  category?: string[];
  region?: string;
  questions?: boolean;
}

export function registerSearch(program: Command): void {
  program
    .command("search")
    .description("full-text search over every channel's posts")
    .argument("<query...>", "words to search for")
    .option("--limit <n>", "hits to show", "20")
    .option("--offset <n>", "hits to skip", "0")
    .option("--channel <kind...>", "only these channel kinds (weibo, wechat, weibang, h5, rss …)")
    .option("--category <category...>", `only these categories (${CATEGORIES.join(", ")})`)
    .option("--region <region>", "only posts from this province-level region, e.g. 四川省")
    .option("--questions", "only posts that ask for help")
    .action(async (words: string[], commandOptions: SearchOptions, command: Command) => {
      const options = globalOptions(command);
      const limit = parseCount(commandOptions.limit, "--limit");
      const offset = parseCount(commandOptions.offset, "--offset");
      const categories = commandOptions.category?.map((category) => {
        if (!(CATEGORIES as readonly string[]).includes(category)) {
          throw new CliError(`unknown category ${category}; one of ${CATEGORIES.join(", ")}`);
        }
        return category as Category;
      });
      const result = await withHubOrDatabase(options, (operations) =>
        operations.search({
          text: words.join(" "),
          limit,
          offset,
          filters: {
            channel: commandOptions.channel,
            category: categories,
            region: commandOptions.region,
            isQuestion: commandOptions.questions ? true : undefined,
          },
        }),
      );
      if (options.json) {
        printJson({
          total: result.total,
          total_is_lower_bound: result.totalIsLowerBound,
          hits: result.hits.map((hit) => ({
            id: hit.id,
            channel: hit.channel,
            text: hit.text,
            highlight: hit.highlight,
            published_at: hit.publishedAt,
            score: hit.score,
            category: hit.category,
            region: hit.region,
          })),
        });
        return;
      }
      const total = `${result.total}${result.totalIsLowerBound ? "+" : ""}`;
      process.stdout.write(`共 ${total} 条 (${result.terms.join(" ")})\n`);
      for (const hit of result.hits) {
        const marked = hit.highlight.replace(/<mark>/g, "\x1b[1;33m").replace(/<\/mark>/g, "\x1b[0m");
        process.stdout.write(`\n#${hit.id} [${hit.channel}] ${hit.publishedAt}\n  ${decodeEntities(marked)}\n`);
      }
    });
}

function parseCount(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new CliError(`${flag} must be a whole number`);
  return number;
}

function decodeEntities(html: string): string {
  return html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

import type { CrawlEvent } from "@qnzs/web";
import type { Command } from "commander";
import { CliError, globalOptions, printJson, withHubOrDatabase } from "../context.ts";

interface CrawlOptions {
  account?: string;
}

export function registerCrawl(program: Command): void {
  program
    .command("crawl")
    .description("pull every active channel account once, now (or one account), and show how each went")
    .option("--account <id>", "only this account (also one waiting for re-authorisation)")
    .action(async (flags: CrawlOptions, command: Command) => {
      const options = globalOptions(command);
      const accountId = flags.account === undefined ? undefined : Number(flags.account);
      if (accountId !== undefined && !(Number.isSafeInteger(accountId) && accountId > 0)) {
        throw new CliError("--account must be an account id");
      }
      const json = Boolean(options.json);
      const summary = await withHubOrDatabase(options, (operations) =>
        operations.crawl({ accountId }, (event) => showProgress(event, json)),
      );
      if (json) printJson(summary);
      else {
        process.stdout.write(
          `完成 ${summary.accounts.length} 个账号：看到 ${summary.itemsSeen} 条，新增 ${summary.itemsNew} 条，失败 ${summary.failed} 个\n` +
            `${summary.accounts.length} accounts: ${summary.itemsSeen} items seen, ${summary.itemsNew} new, ${summary.failed} failed\n`,
        );
      }
      if (summary.failed > 0) process.exitCode = 1;
    });
}

/** Progress on stderr: a line per account (and per retry); with --json, every event as a JSON line. */
function showProgress(event: CrawlEvent, json: boolean): void {
  if (json) {
    process.stderr.write(`${JSON.stringify({ progress: event })}\n`);
    return;
  }
  switch (event.type) {
    case "start":
      process.stderr.write(`… #${event.accountId} [${event.kind}] ${event.name}\n`);
      break;
    case "batch":
      if (process.stderr.isTTY)
        process.stderr.write(`    第 ${event.page} 批：看到 ${event.seen}，新增 ${event.new}\n`);
      break;
    case "retry":
      process.stderr.write(
        `    重试 retry ${event.attempt}（${event.errorKind}，${Math.ceil(event.waitMs / 1000)} 秒后）：${event.message}\n`,
      );
      break;
    case "end": {
      const { outcome } = event;
      if (outcome.status === "ok") {
        process.stderr.write(
          `✓ #${outcome.accountId} ${outcome.name}：看到 ${outcome.itemsSeen}，新增 ${outcome.itemsNew}\n`,
        );
      } else if (outcome.status === "busy") {
        process.stderr.write(`· #${outcome.accountId} ${outcome.name}：另一个进程正在抓取 / busy elsewhere\n`);
      } else {
        process.stderr.write(
          `✗ #${outcome.accountId} ${outcome.name}：${outcome.errorKind} ${outcome.errorMessage ?? ""}` +
            `（已存 ${outcome.itemsNew} 条新内容${outcome.nextRunAt ? `，下次 ${outcome.nextRunAt}` : ""}）\n`,
        );
      }
      break;
    }
  }
}

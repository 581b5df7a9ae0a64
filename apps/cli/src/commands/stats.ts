import type { Command } from "commander";
import { globalOptions, printJson, withHubOrDatabase } from "../context.ts";

export function registerStats(program: Command): void {
  program
    .command("stats")
    .description("posts per channel and per day, near-duplicates, failures")
    .action(async (_options, command: Command) => {
      const options = globalOptions(command);
      const stats = await withHubOrDatabase(options, (operations) => operations.stats());
      if (options.json) {
        printJson(stats);
        return;
      }
      const lines = [
        `帖子 posts: ${stats.posts}  近似重复 duplicates: ${stats.duplicates}  失败 failures: ${stats.failures}`,
        `诉求 questions: ${stats.questions}  紧急 urgent: ${stats.urgent}`,
        "按渠道 by channel:",
        ...Object.entries(stats.by_channel).map(([channel, count]) => `  ${channel.padEnd(10)} ${count}`),
        "按日期 by day:",
        ...stats.by_day.map((row) => `  ${row.day} ${row.posts}`),
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}

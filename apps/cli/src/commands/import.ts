import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { detectFormat, type ImportTotals, readImportRecords } from "@qnzs/core/import/index";
import type { Command } from "commander";
import { CliError, globalOptions, printJson, withHubOrDatabase } from "../context.ts";
import { createProgress } from "../progress.ts";

export function registerImport(program: Command): void {
  program
    .command("import")
    .description("import exported posts (JSON, JSON Lines or CSV) through the ingest pipeline")
    .argument("<files...>", "export files")
    .action(async (files: string[], _options, command: Command) => {
      const options = globalOptions(command);
      const contents = await Promise.all(
        files.map(async (file) => {
          try {
            return { file, content: await readFile(file, "utf8") };
          } catch (error) {
            throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
          }
        }),
      );
      const totals: ImportTotals = { new: 0, updated: 0, duplicates: 0, failed: 0 };
      await withHubOrDatabase(options, async (operations) => {
        for (const { file, content } of contents) {
          const records = readImportRecords(content, detectFormat(file, content));
          const progress = createProgress(basename(file), Boolean(options.json));
          try {
            const result = await operations.importRecords(records, progress.update);
            totals.new += result.new;
            totals.updated += result.updated;
            totals.duplicates += result.duplicates;
            totals.failed += result.failed;
          } finally {
            progress.stop();
          }
        }
      });
      if (options.json) printJson(totals);
      else {
        process.stdout.write(
          `新增 ${totals.new} 条（其中近似重复 ${totals.duplicates} 条），更新 ${totals.updated} 条，失败 ${totals.failed} 条\n` +
            `new ${totals.new} (near-duplicates ${totals.duplicates}), updated ${totals.updated}, failed ${totals.failed}\n`,
        );
      }
    });
}

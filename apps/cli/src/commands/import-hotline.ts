import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { CliError, globalOptions, printJson, withHubOrDatabase } from "../context.ts";

export function registerImportHotline(program: Command): void {
  program
    .command("import-hotline")
    .description("turn 12355 hotline records (CSV) into cases; records imported before are skipped")
    .argument("<file>", "CSV with record_id, received_at, caller, phone, place, category, content (or 工单号 …)")
    .action(async (file: string, _options, command: Command) => {
      const options = globalOptions(command);
      const csv = await readFile(file, "utf8").catch((error: Error) => {
        throw new CliError(`cannot read ${file}: ${error.message}`);
      });
      const report = await withHubOrDatabase(options, (operations) => operations.importHotlineRecords(csv));
      if (options.json) printJson(report);
      else {
        const lines = [
          `新建诉求 ${report.created.length} 件，已导入过 ${report.skipped.length} 条，失败 ${report.failed.length} 条`,
          `created ${report.created.length}, skipped ${report.skipped.length}, failed ${report.failed.length}`,
          ...report.created.map((entry) => `  ${entry.recordId} → ${entry.code}`),
          ...report.failed.map((failure) => `  第 ${failure.line} 行: ${failure.reason}`),
        ];
        process.stdout.write(`${lines.join("\n")}\n`);
      }
      if (report.failed.length > 0) process.exitCode = 1;
    });
}

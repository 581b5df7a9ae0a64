import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { CliError, globalOptions, printJson, withHubOrDatabase } from "../context.ts";

export function registerOrg(program: Command): void {
  const org = program.command("org").description("organisations (团组织): the seed tree and imports");
  org
    .command("import")
    .description("add organisations from a CSV with columns name, level, parent, region (kind, region_code optional)")
    .argument("<file>", "CSV file")
    .action(async (file: string, _options, command: Command) => {
      const options = globalOptions(command);
      const csv = await readFile(file, "utf8").catch((error: Error) => {
        throw new CliError(`cannot read ${file}: ${error.message}`);
      });
      const report = await withHubOrDatabase(options, (operations) => operations.importOrgs(csv));
      if (options.json) printJson(report);
      else {
        const lines = [
          `新增 ${report.created} 个，已存在 ${report.existing} 个，失败 ${report.failed.length} 个`,
          `created ${report.created}, existing ${report.existing}, failed ${report.failed.length}`,
          ...report.failed.map((failure) => `  第 ${failure.line} 行 ${failure.name}: ${failure.reason}`),
        ];
        process.stdout.write(`${lines.join("\n")}\n`);
      }
      if (report.failed.length > 0) process.exitCode = 1;
    });
}

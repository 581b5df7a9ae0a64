import { Command, CommanderError } from "commander";
import { registerChannel } from "./commands/channel.ts";
import { registerClassify } from "./commands/classify.ts";
import { registerCrawl } from "./commands/crawl.ts";
import { registerDemo } from "./commands/demo.ts";
import { registerImport } from "./commands/import.ts";
import { registerImportHotline } from "./commands/import-hotline.ts";
import { registerMigrate } from "./commands/migrate.ts";
import { registerOrg } from "./commands/org.ts";
import { registerReport } from "./commands/report.ts";
import { registerSearch } from "./commands/search.ts";
import { registerSimulate } from "./commands/simulate.ts";
import { registerStart, registerWorker } from "./commands/start.ts";
import { registerStats } from "./commands/stats.ts";
import { registerToken } from "./commands/token.ts";
import { registerUser } from "./commands/user.ts";
import { CliError } from "./context.ts";

/** Every command a user can run; each module adds its own subcommand. */
const COMMANDS = [
  registerStart,
  registerWorker,
  registerMigrate,
  registerImport,
  registerSearch,
  registerStats,
  registerChannel,
  registerCrawl,
  registerSimulate,
  registerDemo,
  registerClassify,
  registerOrg,
  registerUser,
  registerToken,
  registerImportHotline,
  registerReport,
];

export function buildProgram(): Command {
  const program = new Command("qnzs")
    .description("青年之声 hub — 新媒体矩阵聚合与诉求办理")
    .option("--data <dir>", "data folder of the embedded database (default $QNZS_DATA_DIR or ./data)")
    .option("--json", "machine-readable output")
    .showHelpAfterError();
  for (const register of COMMANDS) register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`qnzs: ${message}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  }
}

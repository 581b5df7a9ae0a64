import type { Command } from "commander";
import { globalOptions, printJson, withDatabase } from "../context.ts";

export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description("apply pending database migrations (also done at every start)")
    .action(async (_options, command: Command) => {
      const options = globalOptions(command);
      const where = await withDatabase(options, async (database) => database.dataDir ?? "PostgreSQL (DATABASE_URL)");
      if (options.json) printJson({ migrated: true, database: where });
      else process.stdout.write(`数据库已是最新 (${where})\n`);
    });
}

import type { Command } from "commander";
import { globalOptions, printJson, withHubOrDatabase } from "../context.ts";

export function registerToken(program: Command): void {
  const token = program.command("token").description("API tokens");
  token
    .command("create")
    .description("create an API token for a user; it is shown once and stored only as a hash")
    .requiredOption("--user <name>", "username")
    .option("--name <label>", "what the token is for", "cli")
    .action(async (commandOptions: { user: string; name: string }, command: Command) => {
      const options = globalOptions(command);
      const created = await withHubOrDatabase(options, (operations) =>
        operations.createApiToken({ username: commandOptions.user, name: commandOptions.name }),
      );
      if (options.json) printJson({ id: created.id, token: created.token });
      else {
        process.stdout.write(`${created.token}\n`);
        process.stderr.write("令牌只显示这一次，请妥善保存 / the token is shown only this once\n");
      }
    });
}

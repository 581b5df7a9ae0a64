import { type Database, openDatabase } from "@qnzs/db";
import type { Command } from "commander";

export interface GlobalOptions {
  data?: string;
  json?: boolean;
}

/** An error the user caused (bad arguments, unreadable file): printed without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** Opens the database the command works on, runs `work`, and always closes it. */
export async function withDatabase<T>(options: GlobalOptions, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(options.data ? { dataDir: options.data } : {});
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

import { ensureCaseSeeds } from "@qnzs/core/cases/seed";
import { type Database, openDatabase, resolveDataDir } from "@qnzs/db";
import {
  createHubRuntime,
  createLocalOperations,
  createRemoteOperations,
  findLiveHub,
  type HubOperations,
  OperationError,
} from "@qnzs/web";
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

/**
 * Opens the database the command works on, runs `work`, and always closes it. An empty database gets the seed org
 * tree and calendar first, as the hub does at start.
 */
export async function withDatabase<T>(options: GlobalOptions, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(options.data ? { dataDir: options.data } : {});
  try {
    await ensureCaseSeeds(database.db);
    return await work(database);
  } finally {
    await database.close();
  }
}

/**
 * The one way commands reach the data: through the running hub when hub.json in the data folder names a live one
 * (it holds the database), else by opening the folder here. Both paths run the same operations.
 */
export async function withHubOrDatabase<T>(
  options: GlobalOptions,
  work: (operations: HubOperations) => Promise<T>,
): Promise<T> {
  try {
    const hub = await findLiveHub(resolveDataDir(options.data));
    if (hub) return await work(createRemoteOperations(hub.url, hub.token));
    return await withDatabase(options, (database) => work(createLocalOperations(createHubRuntime(database))));
  } catch (error) {
    if (error instanceof OperationError) throw new CliError(error.message, error.status >= 500 ? 1 : 2);
    throw error;
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Waits for Ctrl-C or a service manager's stop. */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}

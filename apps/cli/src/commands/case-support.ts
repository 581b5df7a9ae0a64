/**
 * What the case commands share: they open the database, make sure the seed tree and calendar are there (the
 * first start of an empty database), and turn the domain's typed errors into user errors (exit code 2).
 */
import { CaseError } from "@qnzs/core/cases/errors";
import { ensureCaseSeeds } from "@qnzs/core/cases/seed";
import type { Database } from "@qnzs/db";
import { CliError, type GlobalOptions, withDatabase } from "../context.ts";

export async function withCaseDatabase<T>(
  options: GlobalOptions,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  try {
    return await withDatabase(options, async (database) => {
      await ensureCaseSeeds(database.db);
      return work(database);
    });
  } catch (error) {
    if (error instanceof CaseError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * Databases for tests: PGlite in memory always, and a real PostgreSQL server as well when `DATABASE_URL` is set.
 * Each PostgreSQL target is a fresh database of its own, dropped when the test closes it.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "./client.ts";

export interface DatabaseTarget {
  name: "pglite" | "postgres";
  open(): Promise<Database>;
}

export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{ name: "pglite", open: () => openDatabase({ url: null, dataDir: ":memory:" }) }];
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) targets.push({ name: "postgres", open: () => openScratchPostgres(serverUrl) });
  return targets;
}

export async function openScratchPostgres(serverUrl: string): Promise<Database> {
  const name = `qnzs_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // a key of its own: a test must not leave a secret.key in whatever folder it ran from
  const database = await openDatabase({ url: url.toString(), secretKey: randomBytes(32) });
  return {
    ...database,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

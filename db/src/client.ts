import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { acquireDataDirLock } from "./lock.ts";
import * as schema from "./schema.ts";
import { createSecretBox, loadSecretKey, type SecretBox } from "./secrets.ts";

export type Schema = typeof schema;
/** The Drizzle handle; the same type whether PGlite or PostgreSQL is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A Drizzle handle or a transaction on one: whatever runs queries. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** where the embedded database lives; null for PostgreSQL or an in-memory PGlite */
  dataDir: string | null;
  /** seals and opens secrets stored in the database (channel credentials) */
  secrets: SecretBox;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** a PostgreSQL connection string; defaults to `DATABASE_URL` */
  url?: string | null;
  /** the data folder for PGlite; defaults to `QNZS_DATA_DIR` or ./data. `":memory:"` keeps it in memory. */
  dataDir?: string;
  /** apply pending migrations (default true) */
  migrate?: boolean;
  /** the key that seals secrets; by default `QNZS_SECRET_KEY` or the data folder's `secret.key` */
  secretKey?: Buffer;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../migrations", import.meta.url));

export function resolveDataDir(dataDir?: string): string {
  return resolve(dataDir ?? process.env.QNZS_DATA_DIR ?? "./data");
}

/**
 * Opens the database: PostgreSQL when a URL is given (or `DATABASE_URL` is set), else PGlite in the data folder,
 * which this process then holds until `close()`.
 */
export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const url = options.url === undefined ? process.env.DATABASE_URL : options.url;
  const database = url
    ? await openPostgres(url, options.secretKey ?? null)
    : await openPglite(options.dataDir, options.secretKey ?? null);
  if (options.migrate !== false) await migrateDatabase(database);
  return database;
}

async function openPostgres(url: string, secretKey: Buffer | null): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // an idle connection the server ends (a restart, a dropped test database) leaves the pool; the next query opens
  // another. Unhandled, pg re-emits it as an uncaught error that would take the whole process down.
  pool.on("error", () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  // the key still lives in the data folder (or QNZS_SECRET_KEY): never in the database it protects
  const secrets = createSecretBox(secretKey ?? loadSecretKey(resolveDataDir()));
  return { db, kind: "postgres", dataDir: null, secrets, close: () => pool.end() };
}

async function openPglite(dataDirOption: string | undefined, secretKey: Buffer | null): Promise<Database> {
  if (dataDirOption === ":memory:") {
    const client = await PGlite.create();
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    const secrets = createSecretBox(secretKey ?? randomBytes(32));
    return { db, kind: "pglite", dataDir: null, secrets, close: () => client.close() };
  }
  const dataDir = resolveDataDir(dataDirOption);
  const release = acquireDataDirLock(dataDir);
  try {
    const client = await PGlite.create(resolve(dataDir, "pg"));
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    return {
      db,
      kind: "pglite",
      dataDir,
      secrets: createSecretBox(secretKey ?? loadSecretKey(dataDir)),
      async close() {
        try {
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (database.kind === "postgres") {
    await migratePg(database.db as unknown as Parameters<typeof migratePg>[0], config);
  } else {
    await migratePglite(database.db as unknown as Parameters<typeof migratePglite>[0], config);
  }
}

/**
 * Runs raw SQL and returns its rows. Both drivers answer with `{ rows }`; Drizzle's common type cannot say so.
 */
export async function queryRows<Row extends Record<string, unknown>>(db: Tx, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

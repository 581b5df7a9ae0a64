/**
 * Keys of the PostgreSQL advisory locks case handling takes (`pg_advisory_xact_lock`), in one place so no two
 * jobs share one by accident. Each is held only for its transaction.
 */
export const ADVISORY_LOCKS = {
  /** loading the seed tree on the first start */
  seedOrgs: 12_355_001,
  /** creating the first admin from the console */
  firstAdmin: 12_355_002,
  /** opening cases for urgent posts: two crawlers with the same story must not open two cases */
  urgentIntake: 12_355_003,
} as const;

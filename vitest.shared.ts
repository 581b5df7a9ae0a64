import { defineConfig } from "vitest/config";

/** Every workspace's Vitest settings: database tests open PGlite (seconds) and may run again on PostgreSQL. */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/.next/**"],
  },
});

import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

// Races need real connections: the concurrency suite runs on PostgreSQL only (PGlite has one).
const postgresOnly = ["tests/db/concurrency.test.ts"];
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
if (!withPostgres) {
  console.log(`TEST_DATABASE_URL is not set: PGlite suites only (not run: ${postgresOnly.join(", ")})`);
}

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "tests/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...(withPostgres ? [] : postgresOnly)],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    env: { ADMIN_TOKEN: "test-admin-token", SCHEDULER: "off" },
  },
});

import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";
import { randomInt } from "node:crypto";

// Races need real connections: the concurrency suite runs on PostgreSQL only (PGlite has one).
const postgresOnly = [
  "tests/db/concurrency.test.ts",
  "tests/db/agent-queue-race.test.ts",
  "tests/db/worker-process.test.ts",
  "tests/db/digest-race.test.ts",
  "tests/db/tenant-reservations-race.test.ts",
  // Faults on PostgreSQL: a restart on a server of the file's own, a killed backend, the database down.
  "tests/db/pg-restart.test.ts",
  "tests/db/terminate-backend.test.ts",
  "tests/api/unavailable.test.ts",
];
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
console.log(
  withPostgres
    ? "TEST_DATABASE_URL is set: database suites on PGlite and PostgreSQL, plus the PostgreSQL-only races and the Neon driver"
    : `TEST_DATABASE_URL is not set: PGlite suites only (not run: ${postgresOnly.join(", ")} and the Neon driver suite)`,
);

// Randomized tests run on fixed seeds, so every run (and CI) tries the same cases and a failure
// reproduces. FC_SEED=<n> (every fast-check property) and SIM_SEED=<n> (the tick simulation's
// scenario) replay another; "random" draws one to explore. Resolved here, once per run, so every
// worker uses the same numbers (tests/setup/seeds.ts reads them), and printed for replay.
const DEFAULT_SEEDS = { FC_SEED: 20_260_302, SIM_SEED: 1_337 };
function resolveSeed(name: keyof typeof DEFAULT_SEEDS): number {
  const raw = process.env[name]?.trim();
  if (!raw) return DEFAULT_SEEDS[name];
  if (raw === "random") return randomInt(2 ** 31);
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer or "random", got ${JSON.stringify(raw)}`);
  return n;
}
const seeds = { FC_SEED: resolveSeed("FC_SEED"), SIM_SEED: resolveSeed("SIM_SEED") };
console.log(`seeds: FC_SEED=${seeds.FC_SEED} SIM_SEED=${seeds.SIM_SEED} (set them to replay, or to "random" to explore)`);

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "tests/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...(withPostgres ? [] : postgresOnly)],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["tests/setup/fast-check.ts"],
    env: {
      ADMIN_TOKEN: "test-admin-token",
      SCHEDULER: "off",
      // Sign-in attempts are limited per IP and every test signs in from 127.0.0.1; suites make more
      // requests a minute per key than a person would. tests/api/rate-limits.test.ts sets its own.
      RATE_LIMIT_SIGN_IN_PER_IP: "0",
      RATE_LIMIT_SIGN_IN_PER_EMAIL: "0",
      RATE_LIMIT_API_PER_MINUTE: "0",
      SIGN_UP: "on",
      FC_SEED: String(seeds.FC_SEED),
      SIM_SEED: String(seeds.SIM_SEED),
    },
  },
});

// Test databases: every suite gets its own, and throws it away. PGlite (in memory) always;
// PostgreSQL too when TEST_DATABASE_URL is set (a fresh database per suite, dropped afterwards).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { sql } from "drizzle-orm";
import { openDb, queryRows, type DbHandle, type DriverName } from "@/lib/db";

export type TestDbKind = "pglite" | "pg" | "neon";

export function testDbKinds(): TestDbKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "pg"] : ["pglite"];
}

export type TestDb = DbHandle & { url?: string };

/** A fresh, migrated database; `close()` also drops it on PostgreSQL. */
export async function createTestDb(
  kind: TestDbKind,
  opts: { neonWsProxy?: string; maxConnections?: number } = {},
): Promise<TestDb> {
  if (kind === "pglite") {
    const handle = await openDb({ dataDir: "memory://" });
    await handle.migrate();
    return handle;
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("TEST_DATABASE_URL is not set");
  const name = `rota_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(base, `create database ${name}`);
  const url = withDatabase(base, name);
  const handle = await openDb({
    url,
    driver: kind as DriverName,
    neonWsProxy: opts.neonWsProxy,
    maxConnections: opts.maxConnections,
  });
  await handle.migrate();
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await adminQuery(base, `drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * Empties every application table (public schema; the applied migrations stay): a clean database
 * for the next test at a fraction of the cost of a new PGlite (seconds each on a busy machine).
 */
export async function emptyTestDb(db: TestDb): Promise<void> {
  const tables = await queryRows<{ name: string }>(
    db.db,
    sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`,
  );
  if (tables.length === 0) return;
  await db.db.execute(sql.raw(`truncate ${tables.map((t) => t.name).join(", ")} restart identity cascade`));
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

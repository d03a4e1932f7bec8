// The process-wide database: a lazy globalThis singleton (survives Next's module reloading), opened
// and migrated on first use from the configuration. Tests install their own with `setDb`.
import { env, parseEnv } from "@/lib/env";
import { openDb, type Db, type DbHandle, type DbOptions } from "./client";

export * from "./client";

type Global = { __rotaDb?: Promise<DbHandle> };
const g = globalThis as Global;

/** The database options of the configuration (or of `vars`, validated the same way). */
export function dbOptionsFromEnv(vars?: Record<string, string | undefined>): DbOptions {
  const config = vars ? parseEnv(vars) : env();
  return {
    url: config.DATABASE_URL,
    driver: config.DATABASE_DRIVER,
    dataDir: config.DATA_DIR,
    neonWsProxy: config.NEON_WS_PROXY,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
  };
}

export async function getDbHandle(): Promise<DbHandle> {
  g.__rotaDb ??= (async () => {
    const handle = await openDb(dbOptionsFromEnv());
    await handle.migrate();
    return handle;
  })().catch((err) => {
    g.__rotaDb = undefined; // let the next request retry instead of caching the failure
    throw err;
  });
  return g.__rotaDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Tests: make route handlers use this database. */
export function setDb(handle: DbHandle | undefined) {
  g.__rotaDb = handle ? Promise.resolve(handle) : undefined;
}

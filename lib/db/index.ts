// The process-wide database: a lazy globalThis singleton (survives Next's module reloading), opened
// and migrated on first use from the environment. Tests install their own with `setDb`.
import { openDb, type Db, type DbHandle, type DbOptions } from "./client";

export * from "./client";

type Global = { __rotaDb?: Promise<DbHandle> };
const g = globalThis as Global;

export function dbOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DbOptions {
  return {
    url: env.DATABASE_URL || undefined,
    driver: (env.DATABASE_DRIVER as DbOptions["driver"]) || undefined,
    dataDir: env.DATA_DIR || undefined,
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

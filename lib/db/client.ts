// One module chooses the driver: PGlite embedded by default, `pg` for a PostgreSQL URL,
// `@neondatabase/serverless` (WebSocket Pool, so transactions and row locks work) for Neon.
import fs from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { errorMessage, logEvent } from "@/lib/log";
import * as schema from "./schema";
import { acquireDataDirLock, type DataDirLock } from "./lock";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Tx;
export type DriverName = "pglite" | "pg" | "neon";

export type DbOptions = {
  /** postgres:// URL; absent → PGlite. */
  url?: string;
  driver?: DriverName;
  /** PGlite data folder; "memory://" for an in-memory database (tests). */
  dataDir?: string;
  /** Neon only: where its WebSocket connects (NEON_WS_PROXY; tests point it at a local proxy). */
  neonWsProxy?: string;
  /** pg / neon pool size. */
  maxConnections?: number;
  /** pg / neon: milliseconds to open a connection before failing (DATABASE_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
};

/** An unreachable database fails a request within this, rather than leaving it hanging. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export type DbHandle = {
  db: Db;
  driver: DriverName;
  migrate(): Promise<void>;
  close(): Promise<void>;
};

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

const DRIVERS: readonly DriverName[] = ["pglite", "pg", "neon"];

export function chooseDriver(opts: DbOptions): DriverName {
  if (opts.driver) {
    // DATABASE_DRIVER comes from the environment unchecked: a typo must not quietly mean "pg".
    if (!DRIVERS.includes(opts.driver)) {
      throw new Error(`Unknown DATABASE_DRIVER ${JSON.stringify(opts.driver)}: use one of ${DRIVERS.join(", ")}`);
    }
    return opts.driver;
  }
  if (!opts.url) return "pglite";
  const host = safeHost(opts.url);
  return host && /(^|\.)neon\.tech$/.test(host) ? "neon" : "pg";
}

function safeHost(url: string): string | null {
  try {
    // postgres: is not a "special" URL scheme, so the URL parser keeps the host's case as written.
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

export async function openDb(opts: DbOptions): Promise<DbHandle> {
  const driver = chooseDriver(opts);
  if (driver === "pglite") return openPglite(opts.dataDir ?? "./.data");
  if (!opts.url) throw new Error(`DATABASE_URL is required for the ${driver} driver`);
  return driver === "neon" ? openNeon(opts.url, opts) : openPg(opts.url, opts);
}

async function openPglite(dataDir: string): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const inMemory = dataDir.startsWith("memory://");
  let lock: DataDirLock | null = null;
  if (!inMemory) {
    fs.mkdirSync(dataDir, { recursive: true });
    // PGlite is one process per folder; a second process would silently diverge.
    lock = acquireDataDirLock(dataDir);
  }
  try {
    const client = inMemory ? new PGlite() : new PGlite(dataDir);
    await client.waitReady;
    const db = drizzle(client, { schema });
    return {
      db: db as unknown as Db,
      driver: "pglite",
      migrate: () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }),
      close: async () => {
        await client.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

async function openPg(url: string, opts: DbOptions): Promise<DbHandle> {
  const { Pool } = (await import("pg")).default;
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new Pool({
    connectionString: url,
    max: opts.maxConnections ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  });
  survivesLostConnections(pool);
  const db = drizzle(pool, { schema });
  return {
    db: db as unknown as Db,
    driver: "pg",
    migrate: async () => {
      // A single connection holds an advisory lock so two processes never migrate at once.
      const one = new Pool({ connectionString: url, max: 1 });
      try {
        await withMigrationLock(one, () => migrate(drizzle(one, { schema }), { migrationsFolder: MIGRATIONS_FOLDER }));
      } finally {
        await one.end();
      }
    },
    close: () => pool.end(),
  };
}

async function openNeon(url: string, opts: DbOptions): Promise<DbHandle> {
  const neon = await import("@neondatabase/serverless");
  const { drizzle } = await import("drizzle-orm/neon-serverless");
  const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
  const ws = (await import("ws")).default;
  neon.neonConfig.webSocketConstructor = ws;
  const proxy = opts.neonWsProxy;
  if (proxy) {
    // Local development / tests: a WebSocket proxy that pipes to a PostgreSQL server. The driver
    // adds the scheme itself ("ws:" or "wss:" from useSecureWebSocket), so wsProxy must not carry one.
    const { secure, hostAndPath } = parseWsProxy(proxy);
    neon.neonConfig.wsProxy = (host, port) => `${hostAndPath}?address=${host}:${port}`;
    neon.neonConfig.useSecureWebSocket = secure;
    neon.neonConfig.pipelineTLS = false;
    neon.neonConfig.pipelineConnect = false;
    // TLS, if any, is the WebSocket's; the proxied PostgreSQL protocol runs in plain text.
    neon.neonConfig.forceDisablePgSSL = true;
  }
  const pool = new neon.Pool({
    connectionString: url,
    max: opts.maxConnections ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  });
  survivesLostConnections(pool);
  const db = drizzle({ client: pool, schema });
  return {
    db: db as unknown as Db,
    driver: "neon",
    migrate: async () => {
      const one = new neon.Pool({ connectionString: url, max: 1 });
      try {
        await withMigrationLock(one, () => migrate(drizzle({ client: one, schema }), { migrationsFolder: MIGRATIONS_FOLDER }));
      } finally {
        await one.end();
      }
    },
    close: () => pool.end(),
  };
}

type ErrorEmitter = { on(event: "error", listener: (err: Error) => void): unknown };

/**
 * A connection the server drops (restart, failover, pg_terminate_backend) must not crash the process.
 * The pool listens on its idle connections only; a connection checked out between two queries (a
 * transaction waiting on the application) has no listener of its own, and its "error" event would be
 * an uncaught exception. Every connection gets one: the transaction's next query then fails (and
 * rolls back) like any other, and the pool drops the dead connection when it is released.
 */
function survivesLostConnections(pool: ErrorEmitter & { on(event: "connect", listener: (client: ErrorEmitter) => void): unknown }) {
  const lost = (err: Error) => logEvent("warn", "database_connection_lost", { message: errorMessage(err) });
  pool.on("connect", (client) => client.on("error", lost));
  // Idle connections: the pool re-emits their error after removing them; `lost` above has logged it.
  pool.on("error", () => undefined);
}

/**
 * `ws://host:port[/path]` (or `wss://…`, or a bare `host:port`) → what neonConfig.wsProxy wants: no
 * scheme, and the proxy's path (default `/v1`, like Neon's wsproxy).
 */
export function parseWsProxy(proxy: string): { secure: boolean; hostAndPath: string } {
  const m = /^(wss?):\/\/(.*)$/i.exec(proxy.trim());
  const secure = m ? m[1]!.toLowerCase() === "wss" : false;
  const rest = (m ? m[2]! : proxy.trim()).replace(/\/+$/, "");
  const slash = rest.indexOf("/");
  const host = slash < 0 ? rest : rest.slice(0, slash);
  if (!host || /[\s?#]/.test(rest)) throw new Error(`Invalid NEON_WS_PROXY: ${JSON.stringify(proxy)}`);
  return { secure, hostAndPath: slash < 0 ? `${host}/v1` : rest };
}

type Queryable = { query(text: string): Promise<unknown> };
const MIGRATION_LOCK_KEY = 7_240_117; // arbitrary, constant: "rota migrations"

async function withMigrationLock(conn: Queryable, fn: () => Promise<void>) {
  await conn.query(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
  try {
    await fn();
  } finally {
    await conn.query(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  }
}

/** Rows of a raw SQL query; every driver's result carries `.rows`. */
export async function queryRows<T>(db: Executor, query: Parameters<Db["execute"]>[0]): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

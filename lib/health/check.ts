// What GET /api/health reports (README "Operations"): whether the database answers, whether its
// migrations are those of this release, and how long ago the cron pass and the agent workers last
// beat. A load balancer needs the first two (503: take this instance out); an operator the rest
// (late cron or workers make it `degraded`, still 200: another instance would not do better).
// It never fails: any fault becomes `down`, and no error text leaves this module except to the log.
import { sql } from "drizzle-orm";
import journal from "@/drizzle/meta/_journal.json";
import { queryRows, type Db } from "@/lib/db";
import { errorMessage, logEvent } from "@/lib/log";
import type { Health } from "./schemas";

/** A cron pass runs every minute (vercel.json, the in-process timer): five missed ones is late. */
export const CRON_STALE_SECONDS = 300;
/** Workers beat every 15 s (lib/agents/worker.ts): two minutes of silence is a dead worker. */
export const WORKER_STALE_SECONDS = 120;
/** How long the database gets to answer before the instance counts as down. */
export const HEALTH_TIMEOUT_MS = 3_000;

/** The migrations this release ships (drizzle-kit's journal, bundled with the build). */
export const SHIPPED_MIGRATIONS = {
  count: journal.entries.length,
  latest: Math.max(...journal.entries.map((e) => e.when)),
};

export type HealthOptions = {
  /** The process database (opening it may migrate it, or fail). */
  db: () => Promise<Db>;
  /** The request's time, injected. */
  now: Date;
  /** Monotonic milliseconds, for the database's latency. */
  elapsedMs: () => number;
  timeoutMs?: number;
};

export async function checkHealth(opts: HealthOptions): Promise<Health> {
  const { now } = opts;
  const timeoutMs = opts.timeoutMs ?? HEALTH_TIMEOUT_MS;
  const report: Health = {
    status: "down",
    checked_at: now.toISOString(),
    database: { reachable: false, latency_ms: null },
    migrations: { current: false, applied: null, expected: SHIPPED_MIGRATIONS.count },
    cron: { last_pass_at: null, age_seconds: null, last_failure_at: null, stale: false, stale_after_seconds: CRON_STALE_SECONDS },
    workers: { count: 0, last_heartbeat_at: null, age_seconds: null, stale: false, stale_after_seconds: WORKER_STALE_SECONDS },
  };
  let db: Db;
  try {
    db = await withTimeout(opts.db(), timeoutMs);
    const started = opts.elapsedMs();
    await withTimeout(db.execute(sql`select 1`), timeoutMs);
    report.database = { reachable: true, latency_ms: Math.round((opts.elapsedMs() - started) * 10) / 10 };
  } catch (err) {
    logEvent("error", "health_database_unreachable", { message: errorMessage(err) });
    return report;
  }
  try {
    const [migrations, heartbeats] = await withTimeout(Promise.all([appliedMigrations(db), readHeartbeats(db, now)]), timeoutMs);
    report.migrations = {
      current: migrations.latest !== null && migrations.latest >= SHIPPED_MIGRATIONS.latest,
      applied: migrations.applied,
      expected: SHIPPED_MIGRATIONS.count,
    };
    const cronAge = ageSeconds(heartbeats.cronAt, now);
    const failedSince = heartbeats.cronFailedAt !== null && (heartbeats.cronAt === null || heartbeats.cronFailedAt > heartbeats.cronAt);
    report.cron = {
      ...report.cron,
      last_pass_at: iso(heartbeats.cronAt),
      age_seconds: cronAge,
      last_failure_at: iso(heartbeats.cronFailedAt),
      stale: (cronAge !== null && cronAge > CRON_STALE_SECONDS) || failedSince,
    };
    const workerAge = ageSeconds(heartbeats.workerAt, now);
    report.workers = {
      ...report.workers,
      count: heartbeats.liveWorkers,
      last_heartbeat_at: iso(heartbeats.workerAt),
      age_seconds: workerAge,
      stale: workerAge !== null && workerAge > WORKER_STALE_SECONDS,
    };
  } catch (err) {
    // Reachable a moment ago but the next queries failed or hung: not an instance to send traffic to.
    logEvent("error", "health_check_failed", { message: errorMessage(err) });
    return report;
  }
  if (!report.migrations.current) report.status = "down";
  else report.status = report.cron.stale || report.workers.stale ? "degraded" : "ok";
  return report;
}

async function appliedMigrations(db: Db): Promise<{ applied: number; latest: number | null }> {
  // drizzle's migrator records each applied migration with its journal time (`when`) as created_at.
  const [table] = await queryRows<{ present: boolean }>(db, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!table?.present) return { applied: 0, latest: null };
  const [row] = await queryRows<{ applied: number | string; latest: string | null }>(
    db,
    sql`select count(*)::int as applied, max(created_at)::text as latest from drizzle.__drizzle_migrations`,
  );
  return { applied: Number(row?.applied ?? 0), latest: row?.latest == null ? null : Number(row.latest) };
}

type Heartbeats = { cronAt: Date | null; cronFailedAt: Date | null; workerAt: Date | null; liveWorkers: number };

async function readHeartbeats(db: Db, now: Date): Promise<Heartbeats> {
  const live = new Date(now.getTime() - WORKER_STALE_SECONDS * 1_000).toISOString();
  // Times as epoch milliseconds: the same number from every driver, whatever its date parsing.
  const [row] = await queryRows<{ cron_at: number | null; cron_failed_at: number | null; worker_at: number | null; live_workers: number | string }>(
    db,
    sql`select
          (select extract(epoch from at) * 1000 from service_heartbeats where name = 'cron')::float8 as cron_at,
          (select extract(epoch from failed_at) * 1000 from service_heartbeats where name = 'cron')::float8 as cron_failed_at,
          (extract(epoch from max(at) filter (where kind = 'worker')) * 1000)::float8 as worker_at,
          count(*) filter (where kind = 'worker' and at >= ${live}::timestamptz)::int as live_workers
        from service_heartbeats`,
  );
  const date = (v: number | string | null | undefined) => (v == null ? null : new Date(Math.round(Number(v))));
  return {
    cronAt: date(row?.cron_at),
    cronFailedAt: date(row?.cron_failed_at),
    workerAt: date(row?.worker_at),
    liveWorkers: Number(row?.live_workers ?? 0),
  };
}

function ageSeconds(at: Date | null, now: Date): number | null {
  // A heartbeat from a clock a little ahead of this one is "just now", not negative.
  return at === null ? null : Math.max(0, Math.floor((now.getTime() - at.getTime()) / 1_000));
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

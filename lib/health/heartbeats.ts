// Heartbeats of the background services (service_heartbeats), read by GET /api/health: the cron pass
// records each pass that completes (and the time of one that failed), each agent worker records that
// its loop is still turning. Writes are one upsert of one small row; no tenant data is kept.
import { and, eq, lt, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { serviceHeartbeats } from "@/lib/db/schema";

export const CRON_HEARTBEAT = "cron";
/** Rows of workers that died without stopping are deleted once this old. */
export const WORKER_HEARTBEAT_RETENTION_MS = 24 * 3_600_000;

export const workerHeartbeatName = (owner: string) => `worker:${owner}`;

/** A cron pass completed at `now` (its injected time). */
export async function recordCronPass(db: Executor, now: Date): Promise<void> {
  await db
    .insert(serviceHeartbeats)
    .values({ name: CRON_HEARTBEAT, kind: "cron", at: now })
    .onConflictDoUpdate({ target: serviceHeartbeats.name, set: { at: sql`excluded.at` } });
}

/** A cron pass started at `now` failed (its error is in the log, never here). */
export async function recordCronFailure(db: Executor, now: Date): Promise<void> {
  await db
    .insert(serviceHeartbeats)
    .values({ name: CRON_HEARTBEAT, kind: "cron", failedAt: now })
    .onConflictDoUpdate({ target: serviceHeartbeats.name, set: { failedAt: sql`excluded.failed_at` } });
}

/** The worker `owner` is alive at `now`; also prunes the rows of workers silent for a day. */
export async function recordWorkerHeartbeat(db: Executor, owner: string, now: Date): Promise<void> {
  await db
    .insert(serviceHeartbeats)
    .values({ name: workerHeartbeatName(owner), kind: "worker", at: now })
    .onConflictDoUpdate({ target: serviceHeartbeats.name, set: { at: sql`excluded.at` } });
  const cutoff = new Date(now.getTime() - WORKER_HEARTBEAT_RETENTION_MS);
  await db.delete(serviceHeartbeats).where(and(eq(serviceHeartbeats.kind, "worker"), lt(serviceHeartbeats.at, cutoff)));
}

/** A worker that stops cleanly leaves no heartbeat behind: it is gone, not stale. */
export async function removeWorkerHeartbeat(db: Executor, owner: string): Promise<void> {
  await db.delete(serviceHeartbeats).where(eq(serviceHeartbeats.name, workerHeartbeatName(owner)));
}

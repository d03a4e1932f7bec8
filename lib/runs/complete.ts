// A dispatched run becomes completed once none of its agents is queued or running (docs/engine.md "Runs").
// Below ticks, agents and schedules, which all end agents: one rule, one place.
// The worker that finishes a run's last agent calls this for that run; the cron pass calls it for all
// as the safety net.
import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "@/lib/db";

/** The distinct run ids of agent rows (agents outside a run have none). */
export function distinctRunIds(rows: { runId: string | null }[]): string[] {
  return [...new Set(rows.map((r) => r.runId).filter((id): id is string => id !== null))];
}

/** Completes the finished runs among `runIds` (all dispatched runs when omitted); returns their ids. */
export async function completeRuns(db: Executor, now: Date, runIds?: string[]): Promise<string[]> {
  if (runIds?.length === 0) return [];
  const only = runIds ? sql`and r.id in (${sql.join(runIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update schedule_runs r
           set status = 'completed',
               finished_at = coalesce(
                 (select max(a.finished_at) from agents a where a.run_id = r.id), ${now.toISOString()}::timestamptz)
         where r.status = 'dispatched' ${only}
           and not exists (
             select 1 from agents a where a.run_id = r.id and a.status in ('queued', 'running'))
         returning r.id`,
  );
  return rows.map((r) => r.id);
}

// A dispatched run becomes completed once none of its agents is queued or running (docs/engine.md "Runs").
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db";

export async function completeRuns(db: Db, now: Date): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update schedule_runs r
           set status = 'completed',
               finished_at = coalesce(
                 (select max(a.finished_at) from agents a where a.run_id = r.id), ${now.toISOString()}::timestamptz)
         where r.status = 'dispatched'
           and not exists (
             select 1 from agents a where a.run_id = r.id and a.status in ('queued', 'running'))
         returning r.id`,
  );
  return rows.length;
}

// One cron pass (SPEC §4 "Where it runs"): tick every due schedule once, in bounded batches within a
// time budget, then complete finished runs. Vercel Cron, the in-process timer and tests all call
// this one function; a trigger that repeats, overlaps or goes missing changes nothing.
import { and, asc, eq, isNull, lte } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { schedules } from "@/lib/db/schema";
import { completeRuns } from "./complete";
import { recordFailedTick } from "./failed";
import { tickSchedule } from "./tick";

export type CronPassOptions = {
  now: Date;
  /** Schedules read per batch. */
  batchSize?: number;
  /** Milliseconds this pass may spend ticking; the rest waits for the next pass. */
  timeBudgetMs?: number;
  /** Monotonic milliseconds, injected (lib/ never reads the clock). */
  elapsedMs?: () => number;
};

export type CronPassResult = { due: number; ticked: number; failed: number; completed: number; more: boolean };

export async function cronPass(db: Db, opts: CronPassOptions): Promise<CronPassResult> {
  const { now, batchSize = 100, timeBudgetMs = Infinity } = opts;
  const start = opts.elapsedMs?.() ?? 0;
  const outOfTime = () => opts.elapsedMs !== undefined && opts.elapsedMs() - start > timeBudgetMs;
  const result: CronPassResult = { due: 0, ticked: 0, failed: 0, completed: 0, more: false };
  // Schedules that failed or were skipped in this pass are not read again by it.
  const seen = new Set<string>();
  for (;;) {
    const due = await db
      .select({ id: schedules.id })
      .from(schedules)
      .where(and(eq(schedules.enabled, true), isNull(schedules.deletedAt), lte(schedules.nextTickAt, now)))
      .orderBy(asc(schedules.nextTickAt), asc(schedules.id))
      .limit(batchSize + seen.size);
    const fresh = due.filter((d) => !seen.has(d.id));
    if (fresh.length === 0) break;
    for (const { id } of fresh) {
      if (outOfTime()) {
        result.more = true;
        break;
      }
      seen.add(id);
      result.due++;
      try {
        if (await tickSchedule(db, { trigger: "cron", scheduleId: id, now })) result.ticked++;
      } catch (err) {
        // The tick rolled back as a whole; the slot is recorded as failed and the schedule moves on.
        result.failed++;
        await recordFailedTick(db, id, now, err instanceof Error ? err.message : String(err)).catch((e) =>
          console.error(`[rota] could not record the failed tick of ${id}`, e),
        );
      }
    }
    if (result.more) break;
  }
  result.completed = await completeRuns(db, now);
  return result;
}

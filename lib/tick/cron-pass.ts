// One cron pass (SPEC §4 "Where it runs"): tick every due schedule once, in bounded batches within a
// time budget, then complete finished runs. Vercel Cron, the in-process timer and tests all call
// this one function; a trigger that repeats, overlaps or goes missing changes nothing.
import { and, asc, eq, isNull, lte } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { schedules } from "@/lib/db/schema";
import { completeRuns } from "./complete";
import { recordFailedTick } from "./failed";
import { tickDueSchedules, tickSchedule } from "./tick";

export type CronPassOptions = {
  now: Date;
  /** Due schedules read per query. */
  batchSize?: number;
  /** Schedules ticked per transaction. */
  tickBatch?: number;
  /** Milliseconds this pass may spend ticking; the rest waits for the next pass. */
  timeBudgetMs?: number;
  /** Monotonic milliseconds, injected (lib/ never reads the clock). */
  elapsedMs?: () => number;
};

export type CronPassResult = { due: number; ticked: number; failed: number; completed: number; more: boolean };

export async function cronPass(db: Db, opts: CronPassOptions): Promise<CronPassResult> {
  const { now, batchSize = 200, tickBatch = 25, timeBudgetMs = Infinity } = opts;
  const start = opts.elapsedMs?.() ?? 0;
  const outOfTime = () => opts.elapsedMs !== undefined && opts.elapsedMs() - start > timeBudgetMs;
  const result: CronPassResult = { due: 0, ticked: 0, failed: 0, completed: 0, more: false };
  // Schedules this pass has handled (or found locked by another pass) are not read again by it.
  const seen = new Set<string>();
  outer: for (;;) {
    const due = await db
      .select({ id: schedules.id })
      .from(schedules)
      .where(and(eq(schedules.enabled, true), isNull(schedules.deletedAt), lte(schedules.nextTickAt, now)))
      .orderBy(asc(schedules.nextTickAt), asc(schedules.id))
      .limit(batchSize + seen.size);
    const fresh = due.map((d) => d.id).filter((id) => !seen.has(id));
    if (fresh.length === 0) break;
    for (let i = 0; i < fresh.length; i += tickBatch) {
      if (outOfTime()) {
        result.more = true;
        break outer;
      }
      const chunk = fresh.slice(i, i + tickBatch);
      chunk.forEach((id) => seen.add(id));
      result.due += chunk.length;
      try {
        result.ticked += (await tickDueSchedules(db, chunk, now)).length;
      } catch {
        // The batch rolled back as a whole; tick its schedules one by one to isolate the failure.
        for (const id of chunk) await tickAlone(db, id, now, result);
      }
    }
  }
  result.completed = await completeRuns(db, now);
  return result;
}

async function tickAlone(db: Db, id: string, now: Date, result: CronPassResult) {
  try {
    if (await tickSchedule(db, { trigger: "cron", scheduleId: id, now })) result.ticked++;
  } catch (err) {
    // Rolled back; the slot is recorded as a failed run and the schedule moves on.
    result.failed++;
    await recordFailedTick(db, id, now, err instanceof Error ? err.message : String(err)).catch((e) =>
      console.error(`[rota] could not record the failed tick of ${id}`, e),
    );
  }
}

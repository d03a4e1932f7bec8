// A tick that throws rolls back; its slot is then recorded as a `failed` run (reason `error`) and
// the schedule moves to its next slot, so the audit trail shows the failure and a persistent fault
// cannot make every cron pass retry the same slot forever.
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { scheduleRuns, schedules } from "@/lib/db/schema";
import { cronSlot } from "./tick";

export async function recordFailedTick(db: Db, scheduleId: string, now: Date, message: string) {
  await db.transaction(async (tx) => {
    const [s] = await tx.select().from(schedules).where(eq(schedules.id, scheduleId)).for("update");
    if (!s || !s.nextTickAt || s.nextTickAt > now) return; // someone ticked it meanwhile
    // The fault may be in the schedule's timing itself: then record the pending slot and stop
    // ticking it (next_tick_at null) until an update recomputes its slots.
    const slots = attempt(() => cronSlot(s, now));
    const slotAt = slots?.slotAt ?? s.nextTickAt;
    const inserted = await tx
      .insert(scheduleRuns)
      .values({
        tenantId: s.tenantId,
        scheduleId: s.id,
        trigger: "cron",
        slotAt,
        startedAt: now,
        finishedAt: now,
        status: "failed",
        reason: "error",
        budget: { tick: 0, tenant_remaining_before: 0, spent: 0 },
        selected: [],
        skipped: [],
        digest: null,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: scheduleRuns.id });
    if (inserted.length === 0) return;
    await tx
      .update(schedules)
      .set({ lastTickAt: now, nextTickAt: slots?.nextTickAt ?? null })
      .where(eq(schedules.id, s.id));
    console.error(`[rota] tick of schedule ${s.id} at ${slotAt.toISOString()} failed: ${message}`);
  });
}

function attempt<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

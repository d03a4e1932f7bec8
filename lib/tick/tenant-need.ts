// Whether a tenant's daily budget can cover every schedule's coverage window (the preview's forecast
// reports `coverage_met: false`, reason `tenant_budget`, when it cannot; ADR 0008). A schedule needs
// its auto budget at each of its ticks: the smallest per-tick budget that meets every window. The
// tenant needs, on each of its next seven local days, the sum over its live schedules of that
// budget × the schedule's ticks that day; the most of any day is what its daily budget must cover.
import type { Executor } from "@/lib/db";
import { autoBudget } from "@/lib/engine/budget";
import { slotSource } from "@/lib/engine/slots";
import { nextLocalMidnight } from "@/lib/engine/tz";
import type { ScheduleRow } from "@/lib/schedules/repo";
import { engineItems, slotConfig, type PlanItem } from "@/lib/schedules/timing";
import { readSchedules, withJourneys } from "./load";
import { liveSchedules } from "./reservations";

const DAYS = 7;

function orZero(f: () => number): number {
  try {
    return f();
  } catch {
    return 0;
  }
}

/** A schedule's auto budget at its next tick (at `now` when it has none). */
function neededPerTick(s: ScheduleRow, items: readonly PlanItem[], now: number): number {
  const slots = slotSource(slotConfig(s));
  return autoBudget({
    items: engineItems(s, items, slots),
    slotAt: s.nextTickAt?.getTime() ?? now,
    slots,
    coverageWindowHours: s.coverageWindowHours,
  });
}

/**
 * The most agents the tenant's live schedules (and `also`, a schedule being previewed, paused or
 * not) need on any of its next seven local days to meet every coverage window.
 */
export async function tenantNeedPerDay(
  db: Executor,
  tenant: { id: string; timezone: string },
  also: { schedule: ScheduleRow; items: readonly PlanItem[] },
  now: number,
): Promise<number> {
  const others = (await liveSchedules(db, [tenant.id], [also.schedule.id])).filter((o) => o.totalCost > 0);
  const loaded = others.length === 0 ? [] : await readSchedules(db, others.map((o) => o.schedule.id));
  const costed = await withJourneys(db, loaded.map((l) => l.items));
  const all = [also, ...loaded.map((l, k) => ({ schedule: l.schedule, items: costed[k]! }))];
  // Another schedule whose slots cannot be computed (a zone the runtime no longer knows) needs
  // nothing here: its own ticks fail and say so; it must not fail this preview.
  const perTick = all.map(({ schedule, items }, k) => (k === 0 ? neededPerTick(schedule, items, now) : orZero(() => neededPerTick(schedule, items, now))));
  let most = 0;
  for (let start = nextLocalMidnight(tenant.timezone, now), d = 0; d < DAYS; d++) {
    const end = nextLocalMidnight(tenant.timezone, start);
    let day = 0;
    all.forEach(({ schedule }, k) => {
      if (perTick[k]! > 0) day += perTick[k]! * slotSource(slotConfig(schedule)).between(start - 1, end - 1).length;
    });
    most = Math.max(most, day);
    start = end;
  }
  return most;
}

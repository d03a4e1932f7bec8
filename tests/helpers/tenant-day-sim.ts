// A pure driver of one tenant's ticks for the tenant-day tests (ADR 0008, docs/engine.md): the
// schedules are plain ScheduleRow objects, the items plain PlanItems, the clock the ticks' own
// instants. Each cron pass is mirrored as the tick does it under the tenant-day lock (lib/tick/
// tick.ts, tickLocked, and lib/tick/reservations.ts, planTenantDays): the schedules due at the
// pass are ticked in one batch, in id order, each at its slot; the tenant's day (keyed by its
// local date) has what its budget left; the ledger of the day (buildLedger on the schedules with
// ticks left today: the batch's with the tick now and their later slots, the others' with
// ticksToday) sets aside the other schedules' shares; the allowance is what is left minus that,
// and what a tick spent comes out of its own share (ledger.ticked). A pass ticks each tenant in one
// batch here, so the pass's cached schedule summaries are as fresh as a read under the lock.
// With `reserve: false` the ledger is skipped (first come, first served: allowance = what is left).
import { nextLocalMidnight, tenantLocalDate } from "@/lib/engine/tz";
import type { ScheduleRow } from "@/lib/schedules/repo";
import { anchorDateFor, nextTickAfter, type PlanItem } from "@/lib/schedules/timing";
import { buildLedger, needsItems, plannedDay } from "@/lib/tick/ledger";
import { planSelection, prepareTick } from "@/lib/tick/plan";

export type PureSchedule = {
  row: ScheduleRow;
  items: PlanItem[];
};

export type PureTenant = {
  timezone: string;
  dailyBudget: number;
  schedules: PureSchedule[];
};

/** One tick as the driver ran it. */
export type PureTick = {
  scheduleId: string;
  at: number;
  /** The tenant's local date of the tick. */
  day: string;
  tickBudget: number;
  remainingBefore: number;
  reserved: number;
  spent: number;
  ran: string[];
};

/** A ScheduleRow as the database would hold it right after createSchedule at `createdAt`. */
export function scheduleRow(fields: {
  id: string;
  tenantId: string;
  timezone: string;
  runTime: string;
  runDays?: number[];
  tickIntervalHours?: number;
  coverageWindowHours: number;
  dailyBudget: number | null;
  createdAt: number;
}): ScheduleRow {
  const created = new Date(fields.createdAt);
  const row: ScheduleRow = {
    id: fields.id,
    tenantId: fields.tenantId,
    projectId: "00000000-0000-4000-8000-000000000000",
    name: fields.id,
    enabled: true,
    timezone: fields.timezone,
    runTime: fields.runTime,
    runDays: fields.runDays ?? [1, 2, 3, 4, 5, 6, 7],
    tickIntervalHours: fields.tickIntervalHours ?? 24,
    coverageWindowHours: fields.coverageWindowHours,
    dailyBudget: fields.dailyBudget,
    digestConfig: null,
    anchorDate: anchorDateFor(fields.timezone, created),
    lastTickAt: null,
    nextTickAt: null,
    deletedAt: null,
    createdAt: created,
    updatedAt: created,
  };
  row.nextTickAt = nextTickAfter(row, created);
  return row;
}

/** Journey items (cost 1, priority 0) added at `addedAt`. */
export function journeyItems(scheduleId: string, n: number, addedAt: number): PlanItem[] {
  return Array.from({ length: n }, (_, j) => ({
    id: `${scheduleId}-i${String(j).padStart(3, "0")}`,
    journeyId: `${scheduleId}-j${j}`,
    testPlanId: null,
    priority: 0,
    lastRunAt: null,
    addedAt,
    cost: 1,
  }));
}

const totalCost = (items: readonly PlanItem[]) => items.reduce((a, i) => a + i.cost, 0);

/**
 * Ticks the tenant's schedules over (from, to], pass by pass (a pass at each earliest
 * next_tick_at, ticking every schedule due then). Mutates the rows (next_tick_at, last_tick_at)
 * and the items (last_run_at), and the tenant's usage per local day. `onTick` sees each tick.
 */
export function runTenant(
  tenant: PureTenant,
  to: number,
  opts: { reserve: boolean; usage?: Map<string, number>; onTick?: (t: PureTick) => void },
): Map<string, number> {
  const usage = opts.usage ?? new Map<string, number>();
  const live = () => tenant.schedules.filter((s) => s.row.enabled && s.row.deletedAt === null && s.row.nextTickAt !== null);
  for (;;) {
    let now = Infinity;
    for (const s of live()) now = Math.min(now, s.row.nextTickAt!.getTime());
    if (!(now <= to)) break;
    // The batch: every schedule due at the pass, in id order (lockSchedules orders by id).
    const due = live()
      .filter((s) => s.row.nextTickAt!.getTime() <= now)
      .sort((a, b) => (a.row.id < b.row.id ? -1 : 1));
    const day = tenantLocalDate(tenant.timezone, now);
    const dayEnd = nextLocalMidnight(tenant.timezone, now);
    // A pass at the slot instant ticks that slot (cronSlot: the latest slot ≤ now = next_tick_at).
    const slotAt = now;
    const prepared = due.map((s) => prepareTick(s.row, s.items, slotAt));
    const remaining0 = Math.max(0, tenant.dailyBudget - (usage.get(day) ?? 0));
    let ledger: ReturnType<typeof buildLedger> | null = null;
    if (opts.reserve) {
      const dueIds = new Set(due.map((s) => s.row.id));
      const byId = new Map(tenant.schedules.map((s) => [s.row.id, s]));
      const planned = plannedDay(
        due.map((s, k) => ({ schedule: s.row, items: s.items, at: slotAt, tickBudget: prepared[k]!.tickBudget })),
        live()
          .filter((s) => !dueIds.has(s.row.id))
          .sort((a, b) => (a.row.id < b.row.id ? -1 : 1))
          .map((s) => ({ schedule: s.row, totalCost: totalCost(s.items) })),
        now,
        dayEnd,
      );
      // planTenantDays reads the others' items only when the day does not cover everyone's most.
      if (needsItems(planned, remaining0)) {
        for (const p of planned) if (p.items === null) p.items = byId.get(p.schedule.id)!.items;
      }
      ledger = buildLedger(planned, remaining0);
    }
    for (const [k, s] of due.entries()) {
      const remaining = Math.max(0, tenant.dailyBudget - (usage.get(day) ?? 0));
      const reserved = ledger ? Math.min(remaining, ledger.reservedForOthers(s.row.id)) : 0;
      const { selection } = planSelection(prepared[k]!, remaining - reserved);
      const ran = selection.selected.map((e) => e.itemId);
      const ranSet = new Set(ran);
      for (const i of s.items) if (ranSet.has(i.id)) i.lastRunAt = Math.max(i.lastRunAt ?? -Infinity, slotAt);
      usage.set(day, (usage.get(day) ?? 0) + selection.spent);
      ledger?.ticked(s.row.id, selection.spent);
      opts.onTick?.({
        scheduleId: s.row.id,
        at: slotAt,
        day,
        tickBudget: prepared[k]!.tickBudget,
        remainingBefore: remaining,
        reserved,
        spent: selection.spent,
        ran,
      });
    }
    for (const s of due) {
      s.row.lastTickAt = new Date(now);
      s.row.nextTickAt = nextTickAfter(s.row, new Date(now));
    }
  }
  return usage;
}

// Bridges schedule rows to the engine: the slot config, the next tick, the items with their
// deadlines, and the tick budget. The one home of schedule timing: the schedule verbs (next_tick_at,
// effective_budget) and the ticks (lib/tick) both come here.
import { autoBudget } from "@/lib/engine/budget";
import { deadlineCalculator } from "@/lib/engine/deadline";
import type { EngineItem } from "@/lib/engine/lookahead";
import { nextSlotAfter, slotSource, type SlotConfig, type SlotSource } from "@/lib/engine/slots";
import { tenantLocalDate } from "@/lib/engine/tz";
import type { CostedItem, ScheduleRow } from "./repo";

type Timing = Pick<ScheduleRow, "enabled" | "timezone" | "runTime" | "runDays" | "tickIntervalHours" | "anchorDate">;

export function slotConfig(s: Timing): SlotConfig {
  return {
    timezone: s.timezone,
    runTime: s.runTime,
    runDays: s.runDays,
    tickIntervalHours: s.tickIntervalHours,
    anchorDate: s.anchorDate,
  };
}

export function anchorDateFor(timezone: string, now: Date): string {
  return tenantLocalDate(timezone, now.getTime());
}

/** The next slot strictly after `after`; null when paused or when no run day is left. */
export function nextTickAfter(s: Timing, after: Date): Date | null {
  if (!s.enabled) return null;
  const next = nextSlotAfter(slotConfig(s), after.getTime());
  return next === null ? null : new Date(next);
}

/** An item as planning needs it: instants as epoch ms, its cost in agents. */
export type PlanItem = {
  id: string;
  journeyId: string | null;
  testPlanId: string | null;
  priority: number;
  lastRunAt: number | null;
  addedAt: number;
  cost: number;
};

export function toPlanItem(i: CostedItem): PlanItem {
  return {
    id: i.id,
    journeyId: i.journeyId,
    testPlanId: i.testPlanId,
    priority: i.priority,
    lastRunAt: i.lastRunAt?.getTime() ?? null,
    addedAt: i.createdAt.getTime(),
    cost: i.cost,
  };
}

/** Engine view of a schedule's items: deadlines from its slots. */
export function engineItems(s: ScheduleRow, items: readonly PlanItem[], slots: SlotSource): EngineItem[] {
  const deadlineOf = deadlineCalculator(slots, s.coverageWindowHours);
  return items.map((i) => ({
    id: i.id,
    priority: i.priority,
    cost: i.cost,
    lastRunAt: i.lastRunAt,
    addedAt: i.addedAt,
    deadline: deadlineOf(i),
  }));
}

/** The per-tick budget at `at`: explicit, or the auto budget (docs/engine.md "Cost and budgets"). */
export function tickBudgetAt(s: ScheduleRow, items: EngineItem[], slots: SlotSource, at: number): number {
  if (s.dailyBudget !== null) return s.dailyBudget;
  return autoBudget({ items, slotAt: at, slots, coverageWindowHours: s.coverageWindowHours });
}

/**
 * `effective_budget` of the API: what the next tick may spend before the tenant cap, i.e. the
 * explicit budget or the auto budget resolved at the next slot (now, when there is none).
 */
export function effectiveBudget(s: ScheduleRow, items: readonly CostedItem[], now: Date): number {
  if (s.dailyBudget !== null) return s.dailyBudget;
  const slots = slotSource(slotConfig(s));
  const at = (s.nextTickAt ?? now).getTime();
  return tickBudgetAt(s, engineItems(s, items.map(toPlanItem), slots), slots, at);
}

// Bridges schedule rows to the pure engine: slot config, next tick, effective budget.
import type { SlotConfig } from "@/lib/interim/slots";
import { nextSlotAfter } from "@/lib/interim/slots";
import { localDate } from "@/lib/time/local-day";
import type { CostedItem, ScheduleRow } from "./repo";
import { autoBudgetFor } from "./auto-budget";

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
  return localDate(timezone, now);
}

/** The next slot strictly after `after`; null when paused or when no run day is left. */
export function nextTickAfter(s: Timing, after: Date): Date | null {
  if (!s.enabled) return null;
  const next = nextSlotAfter(slotConfig(s), after.getTime());
  return next === null ? null : new Date(next);
}

/** What the next tick may spend before the tenant cap: the explicit budget, or the auto budget. */
export function effectiveBudget(s: ScheduleRow, items: CostedItem[], now: Date): number {
  if (s.dailyBudget !== null) return s.dailyBudget;
  return autoBudgetFor(s, items, now);
}

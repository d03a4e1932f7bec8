// Bridges schedule rows to the engine's slots: the slot config and the next tick.
import { nextSlotAfter, type SlotConfig } from "@/lib/engine/slots";
import { tenantLocalDate } from "@/lib/engine/tz";
import type { ScheduleRow } from "./repo";

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


// INTERIM (replaced by lib/engine once it lands): ratio-only auto budget.
import type { CostedItem, ScheduleRow } from "./repo";

export function autoBudgetFor(s: ScheduleRow, items: CostedItem[], _now: Date): number {
  if (items.length === 0) return 0;
  const cost = items.reduce((n, i) => n + i.cost, 0);
  const slots = Math.max(1, Math.floor(s.coverageWindowHours / s.tickIntervalHours));
  return Math.max(1, Math.ceil(cost / slots));
}

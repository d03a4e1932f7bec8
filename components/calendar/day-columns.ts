// The calendar's columns: the days in the schedule's zone from now to `until`. That span touches
// days + 1 calendar days; an edge day without ticks (today after its tick, or the last, cut-off day)
// is dropped so the week reads as `days` columns.
import type { ScheduleCalendar } from "@/components/data/types";
import { dayKey } from "@/components/runs/zone-days";

export type Tick = ScheduleCalendar["ticks"][number];
export type DayColumn = { key: string; ticks: Tick[] };

export function dayColumns(cal: ScheduleCalendar, timeZone: string): DayColumn[] {
  const first = dayKey(cal.now, timeZone);
  const last = dayKey(cal.until, timeZone);
  const keys: string[] = [];
  for (let t = Date.parse(`${first}T12:00:00Z`); ; t += 86_400_000) {
    const key = new Date(t).toISOString().slice(0, 10);
    keys.push(key);
    if (key >= last || keys.length > 31) break;
  }
  const byDay = new Map<string, Tick[]>(keys.map((k) => [k, []]));
  for (const tick of cal.ticks) byDay.get(dayKey(tick.slot_at, timeZone))?.push(tick);
  let cols = keys.map((key) => ({ key, ticks: byDay.get(key)! }));
  while (cols.length > cal.days && cols[0]!.ticks.length === 0) cols = cols.slice(1);
  while (cols.length > cal.days && cols.at(-1)!.ticks.length === 0) cols = cols.slice(0, -1);
  return cols;
}

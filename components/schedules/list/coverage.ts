// Coverage health from the schedule's own items, against the current time: an item is overdue when
// its last run is older than the coverage window, or it never ran and was added longer than a
// window ago (a new item gets one window's grace, as the engine's deadlines do).
import type { Schedule } from "@/components/data/types";

const HOUR_MS = 3_600_000;

export function overdueItems(s: Pick<Schedule, "items" | "coverage_window_hours">, now: number = Date.now()) {
  const windowMs = s.coverage_window_hours * HOUR_MS;
  return s.items.filter((item) => {
    const since = item.last_run_at ?? item.created_at;
    return now - Date.parse(since) > windowMs;
  });
}

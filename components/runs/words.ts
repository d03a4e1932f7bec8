// The run's audit trail in words a QA lead reads without the docs.
import type { ScheduleRun } from "@/components/data/types";
import { reasonInWords } from "@/components/schedules/schedule-header";

type Skip = ScheduleRun["skipped"][number];

export function skipInWords(skip: Skip, cost: number | undefined): string {
  if (skip.reason === "budget") {
    return cost && cost > 1 ? `not enough budget left for this ${cost}-agent plan` : "not enough budget left for it";
  }
  if (skip.reason === "tenant_budget") {
    return "the workspace's budget for today was used up, or kept for its other schedules' ticks later today";
  }
  return "lower score than the selected items";
}

/** Why a run did not dispatch agents; null when it did. */
export function runReason(run: ScheduleRun): string | null {
  if (run.status === "failed") return run.error ? `The tick failed: ${run.error.message}` : "The tick failed";
  if (run.status === "skipped") return `Skipped: ${reasonInWords(run.reason)}`;
  return null;
}

/**
 * "2 of 2 · tenant 37 left · 5 kept for other schedules": agents spent of the tick budget, what the
 * workspace had left after, and what was reserved for its other schedules' ticks later that day.
 */
export function spendInWords(b: ScheduleRun["budget"]): string {
  const kept = b.reserved_for_others > 0 ? ` · ${b.reserved_for_others} kept for other schedules` : "";
  return `${b.spent} of ${b.tick} · tenant ${Math.max(0, b.tenant_remaining_before - b.spent)} left${kept}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

"use client";
import { useScheduleCalendar, useSchedulePreview } from "@/components/schedules/list/reads";
import type { Schedule } from "@/components/data/types";

/**
 * Edit mode: the forecast's verdict on the SAVED settings. Says in words when the window can't be
 * met at this budget, and (from the calendar) which budget would meet it.
 */
export function CoverageWarning({ schedule }: { schedule: Schedule }) {
  const preview = useSchedulePreview(schedule.id, schedule.items.length > 0);
  const forecast = preview.data?.forecast;
  const unmet = forecast ? !forecast.coverage_met : false;
  const calendar = useScheduleCalendar(schedule.id, unmet);
  if (!forecast || forecast.coverage_met) return null;

  if (forecast.reason === "tenant_budget") {
    return (
      <div role="status" className="rounded-md border border-line bg-warn-soft px-3 py-2 text-sm text-warn">
        <p>
          This schedule&apos;s budget meets its window, but the workspace&apos;s daily budget of {forecast.tenant.daily_agent_budget} agents
          is below the {forecast.tenant.needed_per_day} its schedules need on some day. Each schedule still gets its share of the day, so
          some windows will be missed; raise the workspace budget or widen windows.
        </p>
      </div>
    );
  }
  const budget = preview.data!.budget.tick;
  const gap = forecast.max_gap_hours;
  const needed = calendar.data?.budget_needed ?? null;
  return (
    <div role="status" className="rounded-md border border-line bg-warn-soft px-3 py-2 text-sm text-warn">
      <p>
        At {budget} agent{budget === 1 ? "" : "s"} a tick the window can&apos;t be met
        {gap !== null ? (
          <>
            : the longest expected gap is {Math.round(gap)} h against a {schedule.coverage_window_hours} h window
          </>
        ) : null}
        {needed !== null ? `; a budget of ${needed} would meet it` : ""}.
      </p>
      {forecast.approximate && <p className="mt-1 text-xs">The forecast is approximate: this schedule is large, so fewer ticks were simulated.</p>}
    </div>
  );
}

"use client";
import type { Schedule } from "@/components/data/types";
import { Pill } from "@/components/ui/pill";
import { Skeleton } from "@/components/ui/states";
import { Tooltip } from "@/components/ui/tooltip";
import { hoursInWords } from "@/components/schedules/summary";
import { overdueItems } from "./coverage";
import { useSchedulePreview } from "./reads";

/**
 * Red when items are overdue now; amber when the forecast says the window can't be met at this
 * budget; green otherwise. Overdue is known from the list itself, the forecast is fetched per row.
 */
export function CoveragePill({ schedule }: { schedule: Schedule }) {
  const hasItems = schedule.items.length > 0;
  const overdue = overdueItems(schedule).length;
  const preview = useSchedulePreview(schedule.id, hasItems && overdue === 0);
  const window = hoursInWords(schedule.coverage_window_hours);

  if (!hasItems) {
    return (
      <Explained text="Add journeys or test plans on the schedule's Items tab.">
        <Pill tone="idle">No items</Pill>
      </Explained>
    );
  }
  if (overdue > 0) {
    return (
      <Explained text={`${overdue} of ${schedule.items.length} items have gone longer than the ${window} coverage window without a run.`}>
        <Pill tone="bad">{overdue} overdue</Pill>
      </Explained>
    );
  }
  if (preview.isPending) return <Skeleton className="h-5 w-20 rounded-full" />;
  const forecast = preview.data?.forecast;
  if (forecast && forecast.reason === "tenant_budget") {
    return (
      <Explained
        text={`The workspace's daily budget (${forecast.tenant.daily_agent_budget} agents) is below the ${forecast.tenant.needed_per_day} its schedules need on some day to meet every window. Each schedule still gets its share, but some windows will be missed.`}
      >
        <Pill tone="warn">Workspace budget too small</Pill>
      </Explained>
    );
  }
  if (forecast && !forecast.coverage_met) {
    const gap = forecast.max_gap_hours;
    return (
      <Explained
        text={`At ${preview.data!.budget.tick} agents a tick the forecast's longest gap is ${gap === null ? "unbounded" : `${Math.round(gap)} h`} against a ${schedule.coverage_window_hours} h window. Raise the budget or widen the window in Settings.`}
      >
        <Pill tone="warn">Window can&apos;t be met at this budget</Pill>
      </Explained>
    );
  }
  return (
    <Explained text={`Every item ran within the last ${window}${forecast ? ", and the forecast keeps it that way" : ""}.`}>
      <Pill tone="ok">All covered</Pill>
    </Explained>
  );
}

function Explained({ text, children }: { text: string; children: React.ReactNode }) {
  return (
    <Tooltip content={text}>
      <span tabIndex={0} className="inline-flex rounded-full">
        {children}
      </span>
    </Tooltip>
  );
}

"use client";
import type { Schedule } from "@/components/data/types";
import { Tooltip } from "@/components/ui/tooltip";
import { formatInZone, relative } from "@/components/ui/time";

/** "Tue 09:00 CET" in the schedule's zone, "in 3 h" on hover; a dash while paused. */
export function NextTickCell({ schedule }: { schedule: Schedule }) {
  if (!schedule.enabled || !schedule.next_tick_at) {
    return (
      <span className="text-muted">
        <span aria-hidden="true">—</span>
        <span className="sr-only">{schedule.enabled ? "No tick planned" : "None while paused"}</span>
      </span>
    );
  }
  return (
    <Tooltip content={relative(schedule.next_tick_at)}>
      <time dateTime={schedule.next_tick_at} tabIndex={0} className="text-sm whitespace-nowrap">
        {formatInZone(schedule.next_tick_at, schedule.timezone)}
      </time>
    </Tooltip>
  );
}

"use client";
import { useSchedule } from "@/components/data/queries";
import { RunsChart } from "./runs-chart";
import { RunTimeline } from "./run-timeline";

/** The Runs tab: 30 days at a glance, then every tick in detail. */
export function RunsView({ scheduleId }: { scheduleId: string }) {
  const schedule = useSchedule(scheduleId);
  return (
    <div>
      <RunsChart scheduleId={scheduleId} timeZone={schedule.data?.timezone ?? "UTC"} />
      <RunTimeline scheduleId={scheduleId} />
    </div>
  );
}

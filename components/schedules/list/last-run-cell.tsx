"use client";
import { StatusPill } from "@/components/ui/pill";
import { Skeleton } from "@/components/ui/states";
import { RelativeTime } from "@/components/ui/time";
import { useLatestRun } from "./reads";

/** The latest tick's status and when it started, in the schedule's zone on hover. */
export function LastRunCell({ scheduleId, timeZone }: { scheduleId: string; timeZone: string }) {
  const run = useLatestRun(scheduleId);
  if (run.isPending) return <Skeleton className="h-5 w-28" />;
  if (run.error) return <span className="text-xs text-muted">Unavailable</span>;
  if (!run.data) return <span className="text-sm whitespace-nowrap text-muted">Never ran</span>;
  return (
    <span className="flex items-center gap-2 text-sm">
      <StatusPill status={run.data.status} />
      <span className="text-muted">
        <RelativeTime iso={run.data.started_at} timeZone={timeZone} />
      </span>
    </span>
  );
}

"use client";
// The Calendar tab: what the coming week's ticks are forecast to run, in the schedule's zone, and
// whether every item stays inside its coverage window at this budget.
import Link from "next/link";
import { useSchedule } from "@/components/data/queries";
import { useItemNames } from "@/components/runs/item-names";
import { dayLabel } from "@/components/runs/zone-days";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState, ErrorState, Skeleton } from "@/components/ui/states";
import { dayColumns } from "./day-columns";
import { GapTable } from "./gap-table";
import { TickBlock } from "./tick-block";
import { useScheduleCalendar } from "./use-calendar";

export function CalendarView({ scheduleId }: { scheduleId: string }) {
  const schedule = useSchedule(scheduleId);
  const cal = useScheduleCalendar(scheduleId);
  const names = useItemNames(schedule.data?.project_id);

  if (cal.error || schedule.error) return <ErrorState error={cal.error ?? schedule.error} onRetry={() => (cal.error ? cal.refetch() : schedule.refetch())} />;
  if (cal.isPending || !schedule.data) {
    return (
      <div role="status" aria-label="Loading the calendar" className="grid grid-cols-7 gap-2">
        {Array.from({ length: 7 }, (_, i) => (
          <Skeleton key={i} className="h-48" />
        ))}
      </div>
    );
  }
  const data = cal.data;
  const timeZone = schedule.data.timezone;
  const windowHours = schedule.data.coverage_window_hours;

  if (data.items.length === 0) {
    return (
      <Card>
        <EmptyState
          title="No items to forecast"
          action={
            <Link href={`/schedules/${scheduleId}/items`} className="inline-flex h-9 items-center rounded-md bg-accent px-3.5 text-sm font-medium text-accent-fg hover:opacity-90">
              Add journeys in Items
            </Link>
          }
        >
          The calendar shows which journeys and test plans each coming tick would run. Add some to the schedule first.
        </EmptyState>
      </Card>
    );
  }

  const columns = dayColumns(data, timeZone);
  return (
    <div className="space-y-4">
      {data.paused && (
        <p role="note" className="rounded-md border border-line bg-idle-soft px-4 py-3 text-sm text-idle">
          This schedule is paused: nothing will run. The ticks below show what it would run if you resumed it now.
        </p>
      )}
      {!data.coverage_met && (
        <div role="alert" className="rounded-md border border-line bg-warn-soft px-4 py-3 text-sm text-warn">
          <p className="font-semibold">The {windowHours} h coverage window can&apos;t be met at this budget</p>
          <p className="mt-0.5">
            {data.max_gap_hours != null && <>The longest expected gap is {Math.round(data.max_gap_hours)} h. </>}
            {data.budget_needed != null ? (
              <>
                A budget of <strong>{data.budget_needed} agents a tick</strong> would meet it —{" "}
                <Link href={`/schedules/${scheduleId}/settings`} className="underline">
                  change it in Settings
                </Link>
                .
              </>
            ) : (
              <>No budget can meet it: the schedule has too few ticks in its window.</>
            )}
          </p>
        </div>
      )}
      <Card>
        <CardHeader
          title="Coming ticks"
          description={`The next ${data.days} days in ${timeZone}: each tick and the items it is forecast to run (amber: due, it must run then to stay covered)`}
        />
        <ol aria-label="Days" className="grid gap-2 p-3" style={{ gridTemplateColumns: `repeat(${columns.length}, minmax(0, 1fr))` }}>
          {columns.map((col) => (
            <li key={col.key} data-testid="calendar-day" className="min-w-0 rounded-md bg-surface-2 p-2">
              <h3 className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">{dayLabel(col.key)}</h3>
              {col.ticks.length === 0 ? (
                <p className="text-xs text-muted">No ticks</p>
              ) : (
                <ol className="space-y-2">
                  {col.ticks.map((t) => (
                    <TickBlock key={t.slot_at} tick={t} timeZone={timeZone} names={names} />
                  ))}
                </ol>
              )}
            </li>
          ))}
        </ol>
        {(data.truncated || data.approximate) && (
          <p className="border-t border-line px-4 py-2 text-xs text-muted">
            {data.truncated ? "The simulation stopped early (a large schedule): later ticks are not shown. " : ""}
            {data.approximate ? "The gaps are approximate: the forecast simulated fewer ticks than the full window." : ""}
          </p>
        )}
      </Card>
      <GapTable cal={data} windowHours={windowHours} names={names} />
    </div>
  );
}

"use client";
// The schedule's audit trail, newest first: each tick's time, trigger, status, spend and results; a
// run opens to what it selected and skipped, its agents and its digest.
import { useId, useMemo, useState } from "react";
import { useSchedule } from "@/components/data/queries";
import type { ScheduleRun } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Pill, StatusPill } from "@/components/ui/pill";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { formatInZone, RelativeTime } from "@/components/ui/time";
import { Term } from "@/components/ui/tooltip";
import { useItemNames, type ItemRef } from "./item-names";
import { RunDetails } from "./run-details";
import { useRunTimeline } from "./use-runs";
import { runReason, spendInWords } from "./words";

export function RunTimeline({ scheduleId }: { scheduleId: string }) {
  const schedule = useSchedule(scheduleId);
  const timeline = useRunTimeline(scheduleId);
  const names = useItemNames(schedule.data?.project_id);
  const itemRefs = useMemo(() => new Map<string, ItemRef>((schedule.data?.items ?? []).map((i) => [i.id, i])), [schedule.data?.items]);
  const timeZone = schedule.data?.timezone ?? "UTC";
  const runs = timeline.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Card>
      <CardHeader title="Timeline" description={`Every tick of this schedule, newest first; times in ${timeZone}`} />
      {timeline.error ? (
        <ErrorState error={timeline.error} onRetry={() => timeline.refetch()} />
      ) : timeline.isPending ? (
        <LoadingRows rows={5} label="Loading runs" />
      ) : runs.length === 0 ? (
        <EmptyState title="No runs yet — press Run now above">
          A run is one tick of the schedule: it picks the stalest, highest-priority items within the budget and starts an agent for each journey.
        </EmptyState>
      ) : (
        <>
          <ul aria-label="Runs" className="divide-y divide-line">
            {runs.map((run) => (
              <RunRow key={run.id} run={run} timeZone={timeZone} names={names} itemRefs={itemRefs} />
            ))}
          </ul>
          {timeline.hasNextPage && (
            <div className="border-t border-line p-3 text-center">
              <Button size="sm" onClick={() => timeline.fetchNextPage()} busy={timeline.isFetchingNextPage}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

function RunRow({ run, timeZone, names, itemRefs }: { run: ScheduleRun; timeZone: string; names: ReturnType<typeof useItemNames>; itemRefs: Map<string, ItemRef> }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const reason = runReason(run);
  const a = run.agents;
  const inFlight = a.queued + a.running;
  return (
    <li data-testid="run" data-status={run.status}>
      <div className="grid grid-cols-[minmax(13rem,1.4fr)_5.5rem_7rem_minmax(10rem,1fr)_minmax(12rem,1.2fr)] items-center gap-3 px-4 py-3 text-sm">
        <div className="min-w-0">
          <button
            type="button"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((o) => !o)}
            className="group flex items-center gap-2 rounded text-left font-medium"
          >
            <span aria-hidden="true" className={`inline-block text-muted transition-transform ${open ? "rotate-90" : ""}`}>
              ▸
            </span>
            <span className="group-hover:underline">{formatInZone(run.started_at, timeZone, { date: true })}</span>
          </button>
          <div className="ml-5 text-xs text-muted">
            <RelativeTime iso={run.started_at} timeZone={timeZone} />
          </div>
        </div>
        <div>
          <Pill tone={run.trigger === "manual" ? "accent" : "idle"}>{run.trigger === "manual" ? "Manual" : "Cron"}</Pill>
        </div>
        <div>
          <StatusPill status={run.status} />
        </div>
        <div className="min-w-0 text-muted">
          {reason ? (
            <span className="text-fg">{reason}</span>
          ) : (
            <Term explain="Agents this run started of its tick budget · what the workspace's daily budget had left after it">
              {spendInWords(run.budget)}
            </Term>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-1.5">
          {run.selected.length > 0 || a.passed + a.failed + a.error + inFlight > 0 ? (
            <>
              <Pill tone="ok">{a.passed} passed</Pill>
              <Pill tone={a.failed ? "bad" : "idle"}>{a.failed} failed</Pill>
              <Pill tone={a.error ? "warn" : "idle"}>{a.error} errored</Pill>
              {inFlight > 0 && <StatusPill status="running" />}
            </>
          ) : (
            <span className="text-muted">No agents</span>
          )}
        </div>
      </div>
      <div id={panelId} hidden={!open}>
        {open && <RunDetails run={run} timeZone={timeZone} names={names} itemRefs={itemRefs} />}
      </div>
    </li>
  );
}

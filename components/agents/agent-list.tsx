"use client";
// Every agent of the workspace, newest first, filterable by status: what ran, where from, how it went.
import Link from "next/link";
import { useState } from "react";
import { useBudget, useJourneys, useSchedules } from "@/components/data/queries";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { StatusPill } from "@/components/ui/pill";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { formatDuration, formatInZone, relative } from "@/components/ui/time";
import { FindingsSummary } from "./findings-summary";
import { AGENT_STATUSES, useAgentList, useFindingsOf } from "./use-agents";

export function AgentList() {
  const [status, setStatus] = useState("");
  const list = useAgentList(status);
  const journeys = useJourneys();
  const schedules = useSchedules();
  const zone = useBudget().data?.timezone ?? "UTC";
  const agents = list.data?.pages.flatMap((p) => p.data) ?? [];
  const findings = useFindingsOf(agents);
  const journeyName = new Map((journeys.data ?? []).map((j) => [j.id, j.name]));
  const scheduleName = new Map((schedules.data ?? []).map((s) => [s.id, s.name]));

  return (
    <Card>
      <div className="flex items-end justify-between gap-4 border-b border-line px-4 py-3">
        <Field label="Status" className="w-48">
          {(p) => (
            <Select {...p} value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">All statuses</option>
              {AGENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s[0]!.toUpperCase() + s.slice(1)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <p className="text-sm text-muted">Times in {zone}</p>
      </div>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.isPending ? (
        <LoadingRows rows={6} label="Loading agents" />
      ) : agents.length === 0 ? (
        <EmptyState
          title={status ? `No ${status} agents` : "No agents yet"}
          action={
            <Link href="/schedules" className="inline-flex h-9 items-center rounded-md bg-accent px-3.5 text-sm font-medium text-accent-fg hover:opacity-90">
              Go to schedules
            </Link>
          }
        >
          An agent is one run of one journey in a browser. Schedules start them at each tick; press Run now on a schedule to start some.
        </EmptyState>
      ) : (
        <>
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="text-left text-xs text-muted">
                <tr className="border-b border-line">
                  <th scope="col" className="px-4 py-2 font-medium">Status</th>
                  <th scope="col" className="px-4 py-2 font-medium">Journey</th>
                  <th scope="col" className="px-4 py-2 font-medium">Schedule</th>
                  <th scope="col" className="px-4 py-2 font-medium">Ran</th>
                  <th scope="col" className="px-4 py-2 text-right font-medium">Duration</th>
                  <th scope="col" className="px-4 py-2 font-medium">Findings</th>
                </tr>
              </thead>
              <tbody>
                {agents.map((a) => {
                  const at = a.started_at ?? a.queued_at;
                  return (
                    <tr key={a.id} data-testid="agent-row" className="border-b border-line last:border-0 hover:bg-surface-2/50">
                      <td className="px-4 py-2">
                        <StatusPill status={a.status} />
                      </td>
                      <td className="px-4 py-2">
                        <Link href={`/agents/${a.id}`} className="font-medium text-accent hover:underline">
                          {journeyName.get(a.journey_id) ?? "Journey"}
                        </Link>
                      </td>
                      <td className="px-4 py-2">
                        {a.schedule_id ? (
                          <Link href={`/schedules/${a.schedule_id}/runs`} className="text-muted hover:text-fg hover:underline">
                            {scheduleName.get(a.schedule_id) ?? "Schedule"}
                          </Link>
                        ) : (
                          <span className="text-muted">—</span>
                        )}
                      </td>
                      <td className="px-4 py-2 whitespace-nowrap">
                        {formatInZone(at, zone, { date: true })}
                        <span className="ml-1.5 text-xs text-muted">{relative(at)}</span>
                      </td>
                      <td className="px-4 py-2 text-right tabular-nums">{formatDuration(a.duration_ms)}</td>
                      <td className="px-4 py-2">
                        <FindingsSummary findings={findings.get(a.id)} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {list.hasNextPage && (
            <div className="border-t border-line p-3 text-center">
              <Button size="sm" onClick={() => list.fetchNextPage()} busy={list.isFetchingNextPage}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

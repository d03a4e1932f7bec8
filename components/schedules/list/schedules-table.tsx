"use client";
import Link from "next/link";
import { useProjects, useSchedules } from "@/components/data/queries";
import type { Schedule } from "@/components/data/types";
import { budgetInWords, cadenceInWords } from "@/components/schedules/summary";
import { Card } from "@/components/ui/card";
import { LinkAsButton } from "@/components/ui/link-as-button";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { Term } from "@/components/ui/tooltip";
import { CoveragePill } from "./coverage-pill";
import { LastRunCell } from "./last-run-cell";
import { NextTickCell } from "./next-tick-cell";
import { RowActions } from "./row-actions";

const AUTO_BUDGET = "Auto: Rota sizes each tick to cover every item within the coverage window. The number is today's resolved value.";

/** Every schedule of the workspace, one row each, answering "is everything covered, what runs next?" */
export function SchedulesTable() {
  const schedules = useSchedules();
  const projects = useProjects();

  if (schedules.error) {
    return (
      <Card>
        <ErrorState error={schedules.error} onRetry={() => schedules.refetch()} />
      </Card>
    );
  }
  if (schedules.isPending) {
    return (
      <Card>
        <LoadingRows rows={4} label="Loading schedules" />
      </Card>
    );
  }
  if (schedules.data.length === 0) {
    return (
      <Card>
        <EmptyState
          title="No schedules yet"
          action={
            <LinkAsButton variant="primary" href="/schedules/new">
              New schedule
            </LinkAsButton>
          }
        >
          A schedule runs your journeys on a cadence within a budget: on the days and at the time you pick, each tick starts the journeys that
          most need a run, so every one is covered within its window.
        </EmptyState>
      </Card>
    );
  }

  const projectName = new Map(projects.data?.map((p) => [p.id, p.name]));
  return (
    <Card className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Schedules</caption>
        <thead className="text-xs text-muted">
          <tr className="border-b border-line">
            <Th>Schedule</Th>
            <Th>Cadence</Th>
            <Th>Next tick</Th>
            <Th>
              <Term explain={AUTO_BUDGET}>Budget</Term>
            </Th>
            <Th>Coverage</Th>
            <Th>Last run</Th>
            <Th className="text-right">
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {schedules.data.map((s) => (
            <Row key={s.id} schedule={s} project={projectName.get(s.project_id)} />
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function Row({ schedule: s, project }: { schedule: Schedule; project?: string }) {
  return (
    <tr className="border-b border-line last:border-b-0 hover:bg-surface-2/50" data-testid="schedule-row">
      <Td className="min-w-48">
        <div className="flex items-start gap-2.5">
          <StatusDot enabled={s.enabled} />
          <div className="min-w-0">
            <Link href={`/schedules/${s.id}/items`} className="font-medium hover:underline">
              {s.name}
            </Link>
            <div className="text-xs text-muted">
              {s.enabled ? "Running" : "Paused"} · {project ?? "…"}
            </div>
          </div>
        </div>
      </Td>
      <Td className="max-w-56 text-sm">
        {cadenceInWords(s)}
      </Td>
      <Td>
        <NextTickCell schedule={s} />
      </Td>
      <Td className="whitespace-nowrap">{budgetInWords(s.daily_budget, s.effective_budget)}</Td>
      <Td>
        <CoveragePill schedule={s} />
      </Td>
      <Td>
        <LastRunCell scheduleId={s.id} timeZone={s.timezone} />
      </Td>
      <Td>
        <RowActions schedule={s} />
      </Td>
    </tr>
  );
}

/** Running or paused: a dot for the eye, the word next to it (under the name) for everyone. */
function StatusDot({ enabled }: { enabled: boolean }) {
  return <span aria-hidden="true" className={`mt-1.5 size-2 shrink-0 rounded-full ${enabled ? "bg-ok" : "bg-idle"}`} />;
}

function Th({ children, className = "" }: { children: React.ReactNode; className?: string }) {
  return <th scope="col" className={`px-3 py-2.5 font-medium first:pl-4 last:pr-4 ${className}`}>{children}</th>;
}

function Td({ children, className = "" }: { children: React.ReactNode; className?: string }) {
  return <td className={`px-3 py-3 align-middle first:pl-4 last:pr-4 ${className}`}>{children}</td>;
}

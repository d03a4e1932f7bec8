"use client";
// One agent: what ran, where it came from, each step and how long it took, what it found, and the
// page at the failing step. Polls while the agent is queued or running.
import Link from "next/link";
import type { ReactNode } from "react";
import { ApiError } from "@/components/data/api";
import { useBudget, useJourneys, useSchedules } from "@/components/data/queries";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusPill } from "@/components/ui/pill";
import { EmptyState, ErrorState, LoadingRows, Skeleton } from "@/components/ui/states";
import { formatDuration, formatInZone } from "@/components/ui/time";
import { AgentFindings } from "./agent-findings";
import { AgentScreenshot } from "./agent-screenshot";
import { AgentSteps } from "./agent-steps";
import { inFlight, useAgent } from "./use-agents";

const backToAgents = (
  <Link href="/agents" className="hover:underline">
    Agents
  </Link>
);

export function AgentView({ id }: { id: string }) {
  const { data: agent, error, refetch, isPending } = useAgent(id);
  const journeys = useJourneys();
  const schedules = useSchedules();
  const zone = useBudget().data?.timezone ?? "UTC";

  if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
    return (
      <>
        <PageHeader eyebrow={backToAgents} title="Agent not found" />
        <Card>
          <EmptyState
            title="This agent does not exist in your workspace"
            action={
              <Link href="/agents" className="inline-flex h-9 items-center rounded-md bg-accent px-3.5 text-sm font-medium text-accent-fg hover:opacity-90">
                See all agents
              </Link>
            }
          >
            It may have been deleted with its schedule, or the link belongs to another workspace.
          </EmptyState>
        </Card>
      </>
    );
  }
  if (error) return <ErrorState error={error} onRetry={() => refetch()} />;
  if (isPending || !agent) {
    return (
      <>
        <div className="mb-6 space-y-2">
          <Skeleton className="h-7 w-72" />
          <Skeleton className="h-4 w-96" />
        </div>
        <LoadingRows rows={5} label="Loading the agent" />
      </>
    );
  }

  const journey = journeys.data?.find((j) => j.id === agent.journey_id);
  const schedule = schedules.data?.find((s) => s.id === agent.schedule_id);
  const failedStep = agent.steps.find((s) => s.status === "failed");
  const running = inFlight(agent.status);

  return (
    <>
      <PageHeader
        eyebrow={backToAgents}
        title={
          <span className="flex items-center gap-2">
            {journey?.name ?? "Journey"}
            <StatusPill status={agent.status} />
          </span>
        }
        description={journey?.description}
      />
      <Card className="mb-6">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 px-4 py-3 text-sm md:grid-cols-5">
          <Fact label="Schedule">
            {agent.schedule_id ? (
              <Link href={`/schedules/${agent.schedule_id}/runs`} className="text-accent hover:underline">
                {schedule?.name ?? "Schedule"}
              </Link>
            ) : (
              "Started by hand"
            )}
          </Fact>
          <Fact label="Run">
            {agent.run_id && agent.schedule_id ? (
              <Link href={`/schedules/${agent.schedule_id}/runs`} className="text-accent hover:underline">
                {`Run ${agent.run_id.slice(0, 8)}`}
              </Link>
            ) : (
              "—"
            )}
            {agent.attempt > 1 && <span className="text-muted"> · attempt {agent.attempt}</span>}
          </Fact>
          <Fact label="Started">{agent.started_at ? formatInZone(agent.started_at, zone, { date: true }) : `Queued ${formatInZone(agent.queued_at, zone, { date: true })}`}</Fact>
          <Fact label="Finished">{agent.finished_at ? formatInZone(agent.finished_at, zone, { date: true }) : running ? "Still running" : "—"}</Fact>
          <Fact label="Duration">{formatDuration(agent.duration_ms)}</Fact>
        </dl>
        {agent.error && (
          <p className="border-t border-line px-4 py-3 text-sm text-bad">
            <span className="font-medium">Why it {agent.status === "error" ? "could not run" : "failed"}:</span> {agent.error}
          </p>
        )}
      </Card>

      {agent.screenshot_url && (
        <Card className="mb-6">
          <CardHeader title="Screenshot" description="The page when the step failed; click to enlarge" />
          <div className="p-4">
            <AgentScreenshot
              agentId={agent.id}
              alt={`The page of "${journey?.name ?? "the journey"}" at ${failedStep ? `step ${failedStep.index} (${failedStep.action})` : "the failing step"}${failedStep?.error ? `: ${failedStep.error}` : ""}`}
            />
          </div>
        </Card>
      )}

      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        <Card className="min-w-0">
          <CardHeader title="Steps" description={agent.steps.length ? `${agent.steps.length} steps; step 0 opens the journey's start page` : undefined} />
          {agent.steps.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-muted">{running ? "The agent is still running: steps appear when it reports." : "No steps were recorded."}</p>
          ) : (
            <AgentSteps steps={agent.steps} journey={journey} />
          )}
        </Card>
        <Card className="min-w-0">
          <CardHeader title="Findings" description="Grouped by severity, worst first" />
          {running && agent.findings.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-muted">Findings appear when the agent finishes.</p>
          ) : (
            <AgentFindings findings={agent.findings} steps={agent.steps} />
          )}
        </Card>
      </div>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="mt-0.5 truncate">{children}</dd>
    </div>
  );
}

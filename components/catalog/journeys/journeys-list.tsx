"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useMemo } from "react";
import { useJourneys, useProjects } from "@/components/data/queries";
import type { AgentSummary } from "@/components/data/types";
import { Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { StatusPill } from "@/components/ui/pill";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { RelativeTime } from "@/components/ui/time";
import { LinkAsButton } from "@/components/ui/link-as-button";
import { useLastResults } from "../queries";
import { Table, Td, Th } from "../table";

/** Journeys with their last result; the project filter lives in the URL (?project_id=) so it can be linked. */
export function JourneysList({ projectId }: { projectId?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const projects = useProjects();
  const journeys = useJourneys(projectId);
  const last = useLastResults();
  const projectName = useMemo(() => new Map(projects.data?.map((p) => [p.id, p.name])), [projects.data]);
  const newHref = projectId ? `/journeys/new?project_id=${projectId}` : "/journeys/new";

  return (
    <>
      <PageHeader
        title="Journeys"
        description="The paths users take through your apps, step by step. Each run of one is an agent: a browser that walks it and reports what broke."
        actions={<LinkAsButton variant="primary" href={newHref}>New journey</LinkAsButton>}
      />
      <div className="mb-4 flex items-end gap-3">
        <Field label="Project" className="w-64">
          {(p) => (
            <Select {...p} value={projectId ?? ""} onChange={(e) => router.replace(e.target.value ? `${pathname}?project_id=${e.target.value}` : pathname)}>
              <option value="">All projects</option>
              {projects.data?.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <Card>
        {journeys.isPending ? (
          <LoadingRows label="Loading journeys" />
        ) : journeys.isError ? (
          <ErrorState error={journeys.error} onRetry={() => journeys.refetch()} />
        ) : journeys.data.length === 0 ? (
          <EmptyState title={projectId ? "No journeys in this project yet" : "No journeys yet"} action={<LinkAsButton variant="primary" href={newHref}>New journey</LinkAsButton>}>
            A journey is a path through the app, such as “sign in and check out”: a start path and the steps an agent performs there.
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Project</Th>
                <Th className="text-right">Steps</Th>
                <Th>Start path</Th>
                <Th>Last result</Th>
              </tr>
            </thead>
            <tbody>
              {journeys.data.map((j) => (
                <tr key={j.id} className="hover:bg-surface-2">
                  <Td className="font-medium">
                    <Link href={`/journeys/${j.id}`} className="hover:underline">
                      {j.name}
                    </Link>
                  </Td>
                  <Td className="text-muted">{projectName.get(j.project_id) ?? "—"}</Td>
                  <Td className="text-right tabular-nums">{j.steps.length === 1 ? "1 step" : `${j.steps.length} steps`}</Td>
                  <Td className="max-w-48 truncate font-mono text-xs">{j.start_path}</Td>
                  <Td>
                    <LastResult agent={last.data?.get(j.id)} loading={last.isPending} failed={last.isError} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}

function LastResult({ agent, loading, failed }: { agent?: AgentSummary; loading: boolean; failed: boolean }) {
  if (loading) return <span className="text-muted">…</span>;
  if (failed) return <span className="text-muted">Unavailable</span>;
  if (!agent) return <span className="text-muted">No recent run</span>;
  return (
    <span className="inline-flex items-center gap-2">
      <Link href={`/agents/${agent.id}`} aria-label={`Last agent: ${agent.status}`}>
        <StatusPill status={agent.status} />
      </Link>
      <span className="text-xs text-muted">
        <RelativeTime iso={agent.finished_at ?? agent.queued_at} />
      </span>
    </span>
  );
}

"use client";
import Link from "next/link";
import { useMemo, useState } from "react";
import { keys, useJourneys, useProjects, useTestPlans } from "@/components/data/queries";
import type { Project } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { ConfirmDialog } from "../confirm-dialog";
import { Table, Td, Th } from "../table";
import { useOptimisticDelete } from "../use-optimistic-delete";
import { ProjectDialog } from "./project-dialog";

function countBy<T>(rows: T[] | undefined, key: (row: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows ?? []) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return m;
}

export function ProjectsList() {
  const projects = useProjects();
  const journeys = useJourneys();
  const plans = useTestPlans();
  const [editing, setEditing] = useState<Project | "new" | null>(null);
  const [deleting, setDeleting] = useState<Project | null>(null);
  const journeyCounts = useMemo(() => countBy(journeys.data, (j) => j.project_id), [journeys.data]);
  const planCounts = useMemo(() => countBy(plans.data, (p) => p.project_id), [plans.data]);

  const remove = useOptimisticDelete<Project>({
    listKey: keys.projects,
    path: (p) => `/api/v1/projects/${p.id}`,
    onStart: () => setDeleting(null),
    invalidate: [keys.projects],
    invalidateOnSuccess: [["journeys"], ["test-plans"]],
  });

  const newButton = (
    <Button variant="primary" onClick={() => setEditing("new")}>
      New project
    </Button>
  );

  return (
    <>
      <PageHeader title="Projects" description="The web apps under test. Each project has a base URL, its journeys and its test plans." actions={newButton} />
      <Card>
        {projects.isPending ? (
          <LoadingRows label="Loading projects" />
        ) : projects.isError ? (
          <ErrorState error={projects.error} onRetry={() => projects.refetch()} />
        ) : projects.data.length === 0 ? (
          <EmptyState title="No projects yet" action={newButton}>
            A project is the web app under test: give it a name and the base URL where it runs, then add the journeys Rota should walk through it.
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Base URL</Th>
                <Th className="text-right">Journeys</Th>
                <Th className="text-right">Test plans</Th>
                <Th className="text-right">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {projects.data.map((p) => (
                <tr key={p.id}>
                  <Td className="font-medium">{p.name}</Td>
                  <Td className="max-w-sm truncate text-muted">
                    <span title={p.base_url}>{p.base_url}</span>
                  </Td>
                  <Td className="text-right tabular-nums">
                    <Link className="text-accent hover:underline" href={`/journeys?project_id=${p.id}`}>
                      {journeyCounts.get(p.id) ?? 0}
                      <span className="sr-only"> journeys of {p.name}</span>
                    </Link>
                  </Td>
                  <Td className="text-right tabular-nums">{planCounts.get(p.id) ?? 0}</Td>
                  <Td className="text-right whitespace-nowrap">
                    <Button size="sm" variant="ghost" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                      Edit
                    </Button>
                    <Button size="sm" variant="ghost" className="text-bad" onClick={() => setDeleting(p)} aria-label={`Delete ${p.name}`}>
                      Delete
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <ProjectDialog open={editing !== null} onOpenChange={(o) => !o && setEditing(null)} project={editing === "new" || editing === null ? undefined : editing} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name ?? "project"}?`}
        confirmLabel="Delete project"
        onConfirm={() => deleting && remove.mutate(deleting)}
      >
        Its journeys and test plans are deleted with it. A project that still has schedules cannot be deleted.
      </ConfirmDialog>
    </>
  );
}

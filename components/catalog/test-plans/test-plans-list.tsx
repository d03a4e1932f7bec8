"use client";
import { useMemo, useState } from "react";
import { keys, useJourneys, useProjects, useTestPlans } from "@/components/data/queries";
import type { TestPlan } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { LinkAsButton } from "@/components/ui/link-as-button";
import { ConfirmDialog } from "../confirm-dialog";
import { Table, Td, Th } from "../table";
import { useOptimisticDelete } from "../use-optimistic-delete";
import { PlanCost } from "./cost";
import { TestPlanDialog } from "./test-plan-dialog";

export function TestPlansList() {
  const plans = useTestPlans();
  const projects = useProjects();
  const journeys = useJourneys();
  const [editing, setEditing] = useState<TestPlan | "new" | null>(null);
  const [deleting, setDeleting] = useState<TestPlan | null>(null);
  const projectName = useMemo(() => new Map(projects.data?.map((p) => [p.id, p.name])), [projects.data]);
  const journeyName = useMemo(() => new Map(journeys.data?.map((j) => [j.id, j.name])), [journeys.data]);
  const hasProjects = (projects.data?.length ?? 0) > 0;

  const remove = useOptimisticDelete<TestPlan>({
    listKey: keys.testPlans(),
    path: (p) => `/api/v1/test-plans/${p.id}`,
    onStart: () => setDeleting(null),
    invalidate: [["test-plans"]],
  });

  const newButton = (
    <Button variant="primary" onClick={() => setEditing("new")} disabled={!hasProjects}>
      New test plan
    </Button>
  );

  return (
    <>
      <PageHeader title="Test plans" description="Groups of journeys of one project that run together, in order, as one schedule item." actions={newButton} />
      <Card>
        {plans.isPending || projects.isPending ? (
          <LoadingRows label="Loading test plans" />
        ) : plans.isError || projects.isError ? (
          <ErrorState
            error={plans.error ?? projects.error}
            onRetry={() => {
              plans.refetch();
              projects.refetch();
            }}
          />
        ) : plans.data.length === 0 ? (
          <EmptyState title="No test plans yet" action={hasProjects ? newButton : <LinkAsButton variant="primary" href="/projects">Create a project</LinkAsButton>}>
            A test plan bundles journeys that belong together, such as “browse, add to cart, check out”, so a schedule runs them as one item. Each journey in it is one agent a run.
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Project</Th>
                <Th>Journeys, in order</Th>
                <Th>Cost</Th>
                <Th className="text-right">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {plans.data.map((p) => (
                <tr key={p.id}>
                  <Td className="font-medium">{p.name}</Td>
                  <Td className="text-muted">{projectName.get(p.project_id) ?? "—"}</Td>
                  <Td className="max-w-md">
                    <ol className="truncate text-muted">
                      {p.journey_ids.map((id, i) => (
                        <li key={id} className="inline">
                          {i > 0 && <span aria-hidden="true"> → </span>}
                          {journeyName.get(id) ?? "…"}
                        </li>
                      ))}
                    </ol>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <PlanCost count={p.journey_ids.length} />
                  </Td>
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
      <TestPlanDialog
        open={editing !== null}
        onOpenChange={(o) => !o && setEditing(null)}
        plan={editing === "new" || editing === null ? undefined : editing}
        projects={projects.data ?? []}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name ?? "test plan"}?`}
        confirmLabel="Delete test plan"
        onConfirm={() => deleting && remove.mutate(deleting)}
      >
        Its journeys stay; schedules that list the plan drop it.
      </ConfirmDialog>
    </>
  );
}

"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { post } from "@/components/data/api";
import { keys, useProjects } from "@/components/data/queries";
import type { Schedule } from "@/components/data/types";
import { Card } from "@/components/ui/card";
import { LinkAsButton } from "@/components/ui/link-as-button";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { browserTimeZone, emptyValues } from "./form-values";
import { ScheduleForm } from "./schedule-form";

/** Create mode: pick a project, fill the form, land on the new schedule's items to add journeys. */
export function NewSchedule() {
  const router = useRouter();
  const qc = useQueryClient();
  const projects = useProjects();
  // The browser's zone is only known in the browser: read it once, on the first client render.
  const [initialZone] = useState(() => (typeof window === "undefined" ? "UTC" : browserTimeZone()));

  if (projects.error) return <ErrorState error={projects.error} onRetry={() => projects.refetch()} />;
  if (projects.isPending) return <Card><LoadingRows rows={6} label="Loading projects" /></Card>;
  if (projects.data.length === 0) {
    return (
      <Card>
        <EmptyState
          title="Create a project first"
          action={
            <LinkAsButton variant="primary" href="/projects">
              Go to projects
            </LinkAsButton>
          }
        >
          A schedule runs one project&apos;s journeys. Add the project (the site under test) and its journeys, then come back here.
        </EmptyState>
      </Card>
    );
  }

  const initial = { ...emptyValues(initialZone), project_id: projects.data.length === 1 ? projects.data[0]!.id : "" };
  return (
    <ScheduleForm
      mode="create"
      initial={initial}
      projects={projects.data}
      footer={
        <Link href="/schedules" className="rounded-md px-3 py-2 text-sm text-muted hover:bg-surface-2 hover:text-fg">
          Cancel
        </Link>
      }
      onSubmit={async (body) => {
        const created = await post<Schedule>("/api/v1/schedules", body);
        qc.setQueryData(keys.schedule(created.id), created);
        await qc.invalidateQueries({ queryKey: keys.schedules, exact: true });
        toast.success(`Schedule "${created.name}" created: now add the journeys it should run`);
        router.push(`/schedules/${created.id}/items`);
      }}
    />
  );
}

"use client";
import { useProjects } from "@/components/data/queries";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { LinkAsButton } from "@/components/ui/link-as-button";
import { useJourney } from "../queries";
import { JourneyEditor } from "./journey-editor";

function Loading({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <Card>
        <LoadingRows rows={6} label={`Loading ${title.toLowerCase()}`} />
      </Card>
    </>
  );
}

/** /journeys/new: the editor once the projects are known (a journey belongs to one). */
export function NewJourneyPage({ projectId }: { projectId?: string }) {
  const projects = useProjects();
  if (projects.isPending) return <Loading title="New journey" />;
  if (projects.isError)
    return (
      <>
        <PageHeader title="New journey" />
        <Card>
          <ErrorState error={projects.error} onRetry={() => projects.refetch()} />
        </Card>
      </>
    );
  if (projects.data.length === 0)
    return (
      <>
        <PageHeader title="New journey" />
        <Card>
          <EmptyState
            title="Create a project first"
            action={<LinkAsButton variant="primary" href="/projects">Go to projects</LinkAsButton>}
          >
            A journey walks through one web app; Rota calls that app a project.
          </EmptyState>
        </Card>
      </>
    );
  return <JourneyEditor projects={projects.data} initialProjectId={projectId} />;
}

/** /journeys/{id}: the journey in the editor. */
export function EditJourneyPage({ id }: { id: string }) {
  const journey = useJourney(id);
  const projects = useProjects();
  if (journey.isPending || projects.isPending) return <Loading title="Journey" />;
  if (journey.isError || projects.isError)
    return (
      <>
        <PageHeader title="Journey" />
        <Card>
          <ErrorState
            error={journey.error ?? projects.error}
            onRetry={() => {
              journey.refetch();
              projects.refetch();
            }}
          />
        </Card>
      </>
    );
  // Keyed by updated_at: a save that changes the journey starts the form from what was stored.
  return <JourneyEditor key={journey.data.updated_at} journey={journey.data} projects={projects.data} />;
}

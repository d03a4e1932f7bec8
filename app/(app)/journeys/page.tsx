import { JourneysList } from "@/components/catalog/journeys/journeys-list";

export const metadata = { title: "Journeys" };

export default async function JourneysPage({ searchParams }: { searchParams: Promise<{ project_id?: string }> }) {
  const { project_id } = await searchParams;
  return <JourneysList projectId={project_id} />;
}

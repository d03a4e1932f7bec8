import { NewJourneyPage } from "@/components/catalog/journeys/journey-pages";

export const metadata = { title: "New journey" };

export default async function Page({ searchParams }: { searchParams: Promise<{ project_id?: string }> }) {
  const { project_id } = await searchParams;
  return <NewJourneyPage projectId={project_id} />;
}

import { EditJourneyPage } from "@/components/catalog/journeys/journey-pages";

export const metadata = { title: "Journey" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <EditJourneyPage id={(await params).id} />;
}

import { RunsView } from "@/components/runs/runs-view";

export const metadata = { title: "Runs" };

export default async function RunsPage({ params }: { params: Promise<{ id: string }> }) {
  return <RunsView scheduleId={(await params).id} />;
}

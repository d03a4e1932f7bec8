import { redirect } from "next/navigation";

export default async function SchedulePage({ params }: { params: Promise<{ id: string }> }) {
  redirect(`/schedules/${(await params).id}/items`);
}

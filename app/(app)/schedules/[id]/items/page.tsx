import { ItemsBoard } from "@/components/board/items-board";

export const metadata = { title: "Schedule items" };

export default async function ScheduleItemsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ItemsBoard scheduleId={id} />;
}

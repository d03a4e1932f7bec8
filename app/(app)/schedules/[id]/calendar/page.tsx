import { CalendarView } from "@/components/calendar/calendar-view";

export const metadata = { title: "Calendar" };

export default async function CalendarPage({ params }: { params: Promise<{ id: string }> }) {
  return <CalendarView scheduleId={(await params).id} />;
}

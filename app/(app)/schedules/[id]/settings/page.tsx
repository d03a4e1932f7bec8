import { ScheduleSettings } from "@/components/schedules/form/schedule-settings";

export const metadata = { title: "Schedule settings" };

export default async function ScheduleSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  return <ScheduleSettings id={(await params).id} />;
}

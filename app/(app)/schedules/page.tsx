import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Schedules" };

export default function SchedulesPage() {
  return <PageHeader title="Schedules" description="When your journeys run, in what order, and within which budget." />;
}

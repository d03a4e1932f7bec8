import Link from "next/link";
import { NewSchedule } from "@/components/schedules/form/new-schedule";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "New schedule" };

export default function NewSchedulePage() {
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/schedules" className="hover:underline">
            Schedules
          </Link>
        }
        title="New schedule"
        description="When it ticks and how much each tick may spend. You add the journeys it runs on the next page."
      />
      <NewSchedule />
    </>
  );
}

import { SchedulesTable } from "@/components/schedules/list/schedules-table";
import { LinkAsButton } from "@/components/ui/link-as-button";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Schedules" };

export default function SchedulesPage() {
  return (
    <>
      <PageHeader
        title="Schedules"
        description="When your journeys run, in what order, and within which budget. Each row tells you whether every journey is covered and what runs next."
        actions={
          <LinkAsButton variant="primary" href="/schedules/new">
            New schedule
          </LinkAsButton>
        }
      />
      <SchedulesTable />
    </>
  );
}

import type { ReactNode } from "react";
import { ScheduleHeader } from "@/components/schedules/schedule-header";

export default async function ScheduleLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <ScheduleHeader id={id} />
      {children}
    </>
  );
}

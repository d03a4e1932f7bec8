import { DigestTab } from "@/components/digest/digest-tab";

export const metadata = { title: "Digest" };

export default async function ScheduleDigestPage({ params }: { params: Promise<{ id: string }> }) {
  return <DigestTab scheduleId={(await params).id} />;
}

import { OutboxList } from "@/components/outbox/outbox-list";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Outbox" };

export default function OutboxPage() {
  return (
    <>
      <PageHeader title="Outbox" description="Every digest email Rota has written, newest first, exactly as its recipients get it." />
      <OutboxList />
    </>
  );
}

import { AgentList } from "@/components/agents/agent-list";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Agents" };

export default function AgentsPage() {
  return (
    <>
      <PageHeader title="Agents" description="Every journey run in a browser, newest first: its result, where it came from, and what it found." />
      <AgentList />
    </>
  );
}

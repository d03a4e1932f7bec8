import { AgentView } from "@/components/agents/agent-view";

export const metadata = { title: "Agent" };

export default async function AgentPage({ params }: { params: Promise<{ id: string }> }) {
  return <AgentView id={(await params).id} />;
}

import { requirePerson } from "@/components/auth/current-person";
import { ApiKeysCard } from "@/components/settings/api-keys-card";
import { WorkspaceCard } from "@/components/settings/workspace-card";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  // The workspace's name comes with the session (the API has no route for the tenant itself).
  const person = await requirePerson();
  return (
    <>
      <PageHeader title="Settings" description="Your workspace and the API keys that let tools use it." />
      <div className="space-y-6">
        <WorkspaceCard name={person.tenant.name} />
        <ApiKeysCard />
      </div>
    </>
  );
}

"use client";
import { useBudget } from "@/components/data/queries";
import { Card, CardHeader } from "@/components/ui/card";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { Term } from "@/components/ui/tooltip";

/** The workspace's own settings, read-only here (an operator changes them through the admin API). */
export function WorkspaceCard({ name }: { name: string }) {
  const budget = useBudget();
  return (
    <Card>
      <CardHeader title="Workspace" description="Set by your Rota operator; ask them to change these." />
      {budget.error ? (
        <ErrorState error={budget.error} onRetry={() => budget.refetch()} />
      ) : (
        <dl className="grid gap-4 p-4 text-sm sm:grid-cols-3">
          <Item label="Name">{name}</Item>
          <Item
            label={
              <Term explain="How many agents (one journey run each) all schedules of this workspace may start per day; it resets at midnight in the workspace's time zone.">
                Daily agent budget
              </Term>
            }
          >
            {budget.data ? `${budget.data.daily_agent_budget} agents a day · ${budget.data.used_today} used today` : <Skeleton className="h-5 w-40" />}
          </Item>
          <Item label="Time zone">{budget.data ? budget.data.timezone : <Skeleton className="h-5 w-32" />}</Item>
        </dl>
      )}
    </Card>
  );
}

function Item({ label, children }: { label: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <dt className="text-muted">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}

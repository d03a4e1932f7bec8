"use client";
import { useBudget } from "@/components/data/queries";
import { Skeleton } from "@/components/ui/states";
import { Tooltip } from "@/components/ui/tooltip";
import { formatInZone } from "@/components/ui/time";
import type { Budget } from "@/components/data/types";

function meterText(b: Budget): string {
  const base = `Agents started today across all schedules, against the workspace's daily budget. ${b.remaining} left.`;
  if (b.plan.schedules.length === 0) return base;
  const lines = b.plan.schedules.map((s) => `${s.name}: ${s.reserved} kept for ${s.ticks_left_today} tick${s.ticks_left_today === 1 ? "" : "s"} left today`);
  return `${base} Each schedule's ticks later today keep their share: ${lines.join("; ")}.`;
}

/** "37 / 100 agents today · resets 00:00 UTC": the tenant's daily agent budget, on every page. */
export function BudgetMeter() {
  const { data, isPending, isError } = useBudget();
  if (isPending) return <Skeleton className="h-9 w-full" />;
  if (isError || !data) return <p className="text-xs text-muted">Budget unavailable</p>;
  const pct = data.daily_agent_budget === 0 ? 100 : Math.min(100, (data.used_today / data.daily_agent_budget) * 100);
  const tone = pct >= 100 ? "bg-bad" : pct >= 80 ? "bg-warn" : "bg-accent";
  const resets = formatInZone(data.resets_at, data.timezone).replace(/^\w+ /, "");
  return (
    <Tooltip content={meterText(data)}>
      <div tabIndex={0} className="text-xs" data-testid="budget-meter">
        <div className="flex justify-between">
          <span>
            <strong>{data.used_today}</strong> / {data.daily_agent_budget} agents today
          </span>
        </div>
        <div
          role="meter"
          aria-label="Agents used today"
          aria-valuemin={0}
          aria-valuemax={data.daily_agent_budget}
          aria-valuenow={data.used_today}
          className="mt-1 h-1.5 overflow-hidden rounded-full bg-surface-2"
        >
          <div className={`h-full ${tone}`} style={{ width: `${pct}%` }} />
        </div>
        <div className="mt-1 text-muted">resets {resets}</div>
        {data.plan.reserved > 0 && (
          <div className="text-muted" data-testid="budget-reserved">
            {data.plan.reserved} kept for {data.plan.schedules.length} schedule{data.plan.schedules.length === 1 ? "" : "s"} later today
          </div>
        )}
      </div>
    </Tooltip>
  );
}

import { Term } from "@/components/ui/tooltip";

/** "3 agents a run": a plan starts one agent per journey, and each counts against the daily budget. */
export function PlanCost({ count }: { count: number }) {
  return (
    <Term explain="A test plan starts one agent (a browser run) per journey each time it runs; each counts against the daily agent budget.">
      {count === 1 ? "1 agent a run" : `${count} agents a run`}
    </Term>
  );
}

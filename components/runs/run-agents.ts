"use client";
// A run's agents (GET /api/v1/agents?run_id=…), polled while the run or any of them is in flight.
import { useQuery } from "@tanstack/react-query";
import { getAll } from "@/components/data/api";
import { keys } from "@/components/data/queries";
import type { AgentSummary } from "@/components/data/types";

export function useRunAgents(runId: string, inFlight: boolean) {
  return useQuery({
    queryKey: [...keys.agents, "run", runId],
    queryFn: () => getAll<AgentSummary>(`/api/v1/agents?run_id=${runId}`),
    // Until the run and every agent fetched are done: the run can turn completed between two polls
    // of its agents, which would otherwise leave the last agent shown as still running.
    refetchInterval: (q) =>
      inFlight || (q.state.data ?? []).some((a) => a.status === "queued" || a.status === "running") ? 3_000 : false,
  });
}

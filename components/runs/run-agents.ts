"use client";
// A run's agents (GET /api/v1/agents?run_id=…), polled while the run is still in flight.
import { useQuery } from "@tanstack/react-query";
import { getAll } from "@/components/data/api";
import { keys } from "@/components/data/queries";
import type { AgentSummary } from "@/components/data/types";

export function useRunAgents(runId: string, inFlight: boolean) {
  return useQuery({
    queryKey: [...keys.agents, "run", runId],
    queryFn: () => getAll<AgentSummary>(`/api/v1/agents?run_id=${runId}`),
    refetchInterval: inFlight ? 3_000 : false,
  });
}

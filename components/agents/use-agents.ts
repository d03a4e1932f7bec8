"use client";
// Agents: one agent (polled while it is queued or running), the list with a status filter, and the
// findings of the listed agents (the list's rows carry no findings, so each row reads its agent).
import { useInfiniteQuery, useQueries, useQuery } from "@tanstack/react-query";
import { get } from "@/components/data/api";
import { keys } from "@/components/data/queries";
import type { Agent, AgentSummary, Page } from "@/components/data/types";

const POLL_MS = 3_000;
// The API's agent statuses (lib/agents/schemas.ts), kept here so no schema code reaches the browser.
export const AGENT_STATUSES = ["queued", "running", "passed", "failed", "error", "cancelled"] as const satisfies readonly Agent["status"][];
export const inFlight = (status: string | undefined) => status === "queued" || status === "running";

export const useAgent = (id: string) =>
  useQuery({
    queryKey: keys.agent(id),
    queryFn: () => get<Agent>(`/api/v1/agents/${id}`),
    // Stops on an error too (an agent removed by retention would otherwise be polled forever).
    refetchInterval: (q) => (!q.state.error && inFlight(q.state.data?.status) ? POLL_MS : false),
  });

export function useAgentList(status: string) {
  return useInfiniteQuery({
    queryKey: [...keys.agents, "list", status],
    queryFn: ({ pageParam }) =>
      get<Page<AgentSummary>>(`/api/v1/agents?limit=25${status ? `&status=${status}` : ""}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.data.some((a) => inFlight(a.status))) ? POLL_MS : false),
  });
}

/** The findings of each finished agent listed (a finished agent never changes: read once). */
export function useFindingsOf(agents: AgentSummary[]) {
  const finished = agents.filter((a) => !inFlight(a.status));
  const results = useQueries({
    queries: finished.map((a) => ({
      queryKey: keys.agent(a.id),
      queryFn: () => get<Agent>(`/api/v1/agents/${a.id}`),
      staleTime: Infinity,
    })),
  });
  const byId = new Map<string, Agent["findings"]>();
  results.forEach((r, i) => r.data && byId.set(finished[i]!.id, r.data.findings));
  return byId;
}

"use client";
// Reads only the catalog pages need (kept here rather than in the shared queries file).
import { useQuery } from "@tanstack/react-query";
import { get } from "@/components/data/api";
import { keys } from "@/components/data/queries";
import type { AgentSummary, Journey, Page, TestPlan } from "@/components/data/types";

export const catalogKeys = {
  journey: (id: string) => ["journey", id] as const,
  testPlan: (id: string) => ["test-plan", id] as const,
  recentAgents: [...keys.agents, "recent"] as const,
};

export const useJourney = (id: string) => useQuery({ queryKey: catalogKeys.journey(id), queryFn: () => get<Journey>(`/api/v1/journeys/${id}`) });
export const useTestPlan = (id: string) => useQuery({ queryKey: catalogKeys.testPlan(id), queryFn: () => get<TestPlan>(`/api/v1/test-plans/${id}`) });

/**
 * The last result of each journey, from one request: the newest 100 agents (the API has no
 * journey filter), first one seen per journey wins. Journeys not run recently show "No recent run".
 */
export const useLastResults = () =>
  useQuery({
    queryKey: catalogKeys.recentAgents,
    queryFn: async () => {
      const page = await get<Page<AgentSummary>>("/api/v1/agents?limit=100");
      const last = new Map<string, AgentSummary>();
      for (const a of page.data) if (!last.has(a.journey_id)) last.set(a.journey_id, a);
      return last;
    },
  });

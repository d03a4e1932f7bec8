"use client";
// Runs, calendars and agents refer to journeys and test plans by id: one lookup turns them into names.
import { useMemo } from "react";
import { useJourneys, useTestPlans } from "@/components/data/queries";

export type ItemRef = { journey_id?: string | null; test_plan_id?: string | null };

export function useItemNames(projectId?: string) {
  const journeys = useJourneys(projectId);
  const plans = useTestPlans(projectId);
  return useMemo(() => {
    const journeyNames = new Map((journeys.data ?? []).map((j) => [j.id, j.name]));
    const planNames = new Map((plans.data ?? []).map((p) => [p.id, p.name]));
    const planCosts = new Map((plans.data ?? []).map((p) => [p.id, p.journey_ids.length]));
    const loading = journeys.isPending || plans.isPending;
    return {
      journey: (id: string) => journeyNames.get(id) ?? (loading ? "…" : "Deleted journey"),
      /** The item's name, and whether it is a test plan (so callers can mark it). */
      item: (ref: ItemRef) =>
        ref.test_plan_id
          ? planNames.get(ref.test_plan_id) ?? (loading ? "…" : "Deleted test plan")
          : ref.journey_id
            ? journeyNames.get(ref.journey_id) ?? (loading ? "…" : "Deleted journey")
            : "Unknown item",
      /** Agents the item takes: one per journey of a plan, 1 for a journey. */
      cost: (ref: ItemRef) => (ref.test_plan_id ? planCosts.get(ref.test_plan_id) : ref.journey_id ? 1 : undefined),
    };
  }, [journeys.data, plans.data, journeys.isPending, plans.isPending]);
}

"use client";
// Query keys and the reads several pages share. A mutation invalidates by these keys.
import { useQuery } from "@tanstack/react-query";
import { get, getAll } from "./api";
import type { Budget, Journey, Project, Schedule, TestPlan, TickPreview } from "./types";

export const keys = {
  budget: ["budget"] as const,
  schedules: ["schedules"] as const,
  schedule: (id: string) => ["schedules", id] as const,
  preview: (id: string) => ["schedules", id, "preview"] as const,
  runs: (id: string) => ["schedules", id, "runs"] as const,
  projects: ["projects"] as const,
  journeys: (projectId?: string) => ["journeys", projectId ?? "all"] as const,
  testPlans: (projectId?: string) => ["test-plans", projectId ?? "all"] as const,
  agents: ["agents"] as const,
  agent: (id: string) => ["agents", id] as const,
  outbox: ["outbox"] as const,
  apiKeys: ["api-keys"] as const,
};

export const useBudget = () => useQuery({ queryKey: keys.budget, queryFn: () => get<Budget>("/api/v1/budget"), refetchInterval: 30_000 });
export const useSchedules = () => useQuery({ queryKey: keys.schedules, queryFn: () => getAll<Schedule>("/api/v1/schedules") });
export const useSchedule = (id: string) => useQuery({ queryKey: keys.schedule(id), queryFn: () => get<Schedule>(`/api/v1/schedules/${id}`) });
export const useProjects = () => useQuery({ queryKey: keys.projects, queryFn: () => getAll<Project>("/api/v1/projects") });
export const useJourneys = (projectId?: string) =>
  useQuery({ queryKey: keys.journeys(projectId), queryFn: () => getAll<Journey>(`/api/v1/journeys${projectId ? `?project_id=${projectId}` : ""}`) });
export const useTestPlans = (projectId?: string) =>
  useQuery({ queryKey: keys.testPlans(projectId), queryFn: () => getAll<TestPlan>(`/api/v1/test-plans${projectId ? `?project_id=${projectId}` : ""}`) });

// The items board: what a tick now would select (refreshed after every change to the list).
export const usePreview = (scheduleId: string) =>
  useQuery({ queryKey: keys.preview(scheduleId), queryFn: () => get<TickPreview>(`/api/v1/schedules/${scheduleId}/preview`) });

"use client";
// The reads the schedules list and the schedule form add on top of components/data/queries.ts:
// a schedule's tick preview (forecast), its latest run, and its calendar's budget_needed.
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { get } from "@/components/data/api";
import { keys } from "@/components/data/queries";
import type { Page, ScheduleRun, TickPreview } from "@/components/data/types";
import type { ScheduleCalendar as ScheduleCalendarSchema } from "@/lib/tick/schemas";

export type ScheduleCalendarView = z.output<typeof ScheduleCalendarSchema>;

export const useSchedulePreview = (id: string, enabled = true) =>
  useQuery({ queryKey: keys.preview(id), queryFn: () => get<TickPreview>(`/api/v1/schedules/${id}/preview`), enabled, staleTime: 60_000 });

export const useLatestRun = (id: string) =>
  useQuery({
    queryKey: [...keys.runs(id), "latest"],
    queryFn: async () => (await get<Page<ScheduleRun>>(`/api/v1/schedules/${id}/runs?limit=1`)).data[0] ?? null,
  });

export const useScheduleCalendar = (id: string, enabled = true) =>
  useQuery({
    queryKey: ["schedules", id, "calendar", 7],
    queryFn: () => get<ScheduleCalendarView>(`/api/v1/schedules/${id}/calendar?days=7`),
    enabled,
    staleTime: 60_000,
  });

"use client";
import { useQuery } from "@tanstack/react-query";
import { get } from "@/components/data/api";
import type { ScheduleCalendar } from "@/components/data/types";

// Under the schedule's key: Run now and item edits invalidate ["schedules", id] and with it this.
export const useScheduleCalendar = (scheduleId: string, days = 7) =>
  useQuery({
    queryKey: ["schedules", scheduleId, "calendar", days],
    queryFn: () => get<ScheduleCalendar>(`/api/v1/schedules/${scheduleId}/calendar?days=${days}`),
  });

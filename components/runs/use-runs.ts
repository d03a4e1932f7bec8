"use client";
// The schedule's runs: the timeline's pages (newest first, "Load more") and the last 30 days for the
// chart. Both poll while a run is still dispatched, so agents' results arrive without a reload.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { get } from "@/components/data/api";
import { keys } from "@/components/data/queries";
import type { Page, ScheduleRun } from "@/components/data/types";

const POLL_MS = 3_000;
const PAGE_SIZE = 20;

const anyInFlight = (runs: ScheduleRun[] | undefined) => !!runs?.some((r) => r.status === "dispatched");

function runsPage(scheduleId: string, cursor?: string | null, limit = PAGE_SIZE) {
  return get<Page<ScheduleRun>>(`/api/v1/schedules/${scheduleId}/runs?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
}

export function useRunTimeline(scheduleId: string) {
  return useInfiniteQuery({
    queryKey: [...keys.runs(scheduleId), "timeline"],
    queryFn: ({ pageParam }) => runsPage(scheduleId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    refetchInterval: (q) => (anyInFlight(q.state.data?.pages.flatMap((p) => p.data)) ? POLL_MS : false),
  });
}

/** Every run that started in the last `days` days (pages until one older shows up; bounded). */
export function useRecentRuns(scheduleId: string, days = 30) {
  return useQuery({
    queryKey: [...keys.runs(scheduleId), "recent", days],
    queryFn: async () => {
      const since = Date.now() - days * 86_400_000;
      const out: ScheduleRun[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 20; i++) {
        const page: Page<ScheduleRun> = await runsPage(scheduleId, cursor, 100);
        out.push(...page.data.filter((r) => Date.parse(r.started_at) >= since));
        cursor = page.next_cursor;
        const oldest = page.data.at(-1);
        if (!cursor || !oldest || Date.parse(oldest.started_at) < since) break;
      }
      return out;
    },
    refetchInterval: (q) => (anyInFlight(q.state.data) ? POLL_MS : false),
  });
}

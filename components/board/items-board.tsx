"use client";
import { useQuery } from "@tanstack/react-query";
import { getAll } from "@/components/data/api";
import { keys, useSchedule } from "@/components/data/queries";
import type { Journey, TestPlan } from "@/components/data/types";
import { Card, CardHeader } from "@/components/ui/card";
import { ErrorState, LoadingRows, Skeleton } from "@/components/ui/states";
import { Board } from "./board";

/** The Items tab: loads the schedule and its project's library, then hands them to the board. */
export function ItemsBoard({ scheduleId }: { scheduleId: string }) {
  const schedule = useSchedule(scheduleId);
  const projectId = schedule.data?.project_id;
  const journeys = useQuery({
    queryKey: keys.journeys(projectId),
    queryFn: () => getAll<Journey>(`/api/v1/journeys?project_id=${projectId}`, 10_000),
    enabled: !!projectId,
  });
  const plans = useQuery({
    queryKey: keys.testPlans(projectId),
    queryFn: () => getAll<TestPlan>(`/api/v1/test-plans?project_id=${projectId}`, 10_000),
    enabled: !!projectId,
  });

  const error = schedule.error ?? journeys.error ?? plans.error;
  if (error) {
    return (
      <Card>
        <ErrorState
          error={error}
          onRetry={() => {
            if (schedule.error) schedule.refetch();
            if (journeys.error) journeys.refetch();
            if (plans.error) plans.refetch();
          }}
        />
      </Card>
    );
  }
  if (!schedule.data || !journeys.data || !plans.data) return <BoardSkeleton />;
  return <Board schedule={schedule.data} journeys={journeys.data} plans={plans.data} />;
}

function BoardSkeleton() {
  return (
    <div className="grid gap-4 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <Card>
        <CardHeader title="Library" description="This project's journeys and test plans" />
        <LoadingRows rows={5} label="Loading the library" />
      </Card>
      <div>
        <Skeleton className="mb-3 h-16 w-full" />
        <Card>
          <CardHeader title="Prioritized list" />
          <LoadingRows rows={6} label="Loading the schedule's items" />
        </Card>
      </div>
    </div>
  );
}

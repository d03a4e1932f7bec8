"use client";
import { useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { patch } from "@/components/data/api";
import { keys, useSchedule } from "@/components/data/queries";
import type { Schedule } from "@/components/data/types";
import { Card } from "@/components/ui/card";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { DeleteSchedule } from "./delete-schedule";
import { valuesFromSchedule } from "./form-values";
import { ScheduleForm } from "./schedule-form";

/** Edit mode: PATCH only what changed; the forecast's warning on top; deleting at the foot. */
export function ScheduleSettings({ id }: { id: string }) {
  const qc = useQueryClient();
  const schedule = useSchedule(id);
  if (schedule.error) return <ErrorState error={schedule.error} onRetry={() => schedule.refetch()} />;
  if (schedule.isPending) return <Card><LoadingRows rows={6} label="Loading the schedule's settings" /></Card>;

  const s = schedule.data;
  return (
    <div className="space-y-8">
      <ScheduleForm
        // A saved change starts the form afresh from what the API now holds (and so clears "dirty").
        key={JSON.stringify(valuesFromSchedule(s))}
        mode="edit"
        schedule={s}
        initial={valuesFromSchedule(s)}
        onSubmit={async (body) => {
          const saved = await patch<Schedule>(`/api/v1/schedules/${id}`, body);
          qc.setQueryData(keys.schedule(id), saved);
          // The forecast, the calendar and the list all read these settings.
          await qc.invalidateQueries({ queryKey: ["schedules", id], predicate: (q) => q.queryKey.length > 2 });
          await qc.invalidateQueries({ queryKey: keys.schedules, exact: true });
          toast.success("Settings saved");
        }}
      />
      <DeleteSchedule schedule={s} />
    </div>
  );
}

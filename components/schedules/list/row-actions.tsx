"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { patch, post } from "@/components/data/api";
import { keys } from "@/components/data/queries";
import type { Schedule, ScheduleRun } from "@/components/data/types";
import { reasonInWords } from "@/components/schedules/schedule-header";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";

/** Pause/resume (optimistic, rolled back with the reason) and Run now, for one row of the list. */
export function RowActions({ schedule }: { schedule: Schedule }) {
  const qc = useQueryClient();
  const id = schedule.id;

  const toggle = useMutation({
    mutationFn: (enabled: boolean) => patch<Schedule>(`/api/v1/schedules/${id}`, { enabled }),
    onMutate: async (enabled) => {
      await qc.cancelQueries({ queryKey: keys.schedules, exact: true });
      qc.setQueryData<Schedule[]>(keys.schedules, (list) => list?.map((s) => (s.id === id ? { ...s, enabled } : s)));
      return {};
    },
    onError: (err, enabled) => {
      // Roll back this row only: another row's toggle may have landed meanwhile.
      qc.setQueryData<Schedule[]>(keys.schedules, (list) => list?.map((s) => (s.id === id ? { ...s, enabled: !enabled } : s)));
      qc.invalidateQueries({ queryKey: keys.schedules, exact: true });
      toast.error(`Could not ${enabled ? "resume" : "pause"} "${schedule.name}": ${(err as Error).message}`);
    },
    onSuccess: (saved) => {
      qc.setQueryData<Schedule[]>(keys.schedules, (list) => list?.map((s) => (s.id === id ? saved : s)));
      qc.setQueryData(keys.schedule(id), saved);
      toast.success(saved.enabled ? `"${saved.name}" resumed` : `"${saved.name}" paused: no ticks until you resume it`);
    },
  });

  const runNow = useMutation({
    mutationFn: () => post<ScheduleRun>(`/api/v1/schedules/${id}/trigger`),
    onSuccess: (run) => {
      if (run.status === "dispatched" || run.status === "completed") {
        const agents = run.budget.spent;
        const items = run.selected.length;
        toast.success(`"${schedule.name}" ran: ${agents} agent${agents === 1 ? "" : "s"} started for ${items} item${items === 1 ? "" : "s"}`);
      } else {
        toast.warning(`"${schedule.name}": nothing ran, ${reasonInWords(run.reason)}`);
      }
      qc.invalidateQueries({ queryKey: ["schedules", id] });
      qc.invalidateQueries({ queryKey: keys.schedules, exact: true });
      qc.invalidateQueries({ queryKey: keys.budget });
      qc.invalidateQueries({ queryKey: keys.agents });
    },
    onError: (err) => toast.error(`Run now failed for "${schedule.name}": ${(err as Error).message}`),
  });

  return (
    <div className="flex items-center justify-end gap-3">
      <Switch
        label={schedule.enabled ? `Pause ${schedule.name}` : `Resume ${schedule.name}`}
        checked={schedule.enabled}
        disabled={toggle.isPending}
        onCheckedChange={(v) => toggle.mutate(v)}
      />
      <Button size="sm" busy={runNow.isPending} aria-label={`Run now: ${schedule.name}`} onClick={() => runNow.mutate()}>
        Run now
      </Button>
    </div>
  );
}

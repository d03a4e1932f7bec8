"use client";
import Link from "next/link";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { ApiError, patch, post } from "@/components/data/api";
import { keys, useSchedule } from "@/components/data/queries";
import type { ForcedDigest, Schedule, ScheduleRun } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Pill } from "@/components/ui/pill";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { Switch } from "@/components/ui/switch";
import { LinkTabs } from "@/components/ui/tabs";
import { scheduleSummary } from "./summary";

/** The schedule pages' header: summary, pause toggle, Run now, Send digest, and the tabs. */
export function ScheduleHeader({ id }: { id: string }) {
  const qc = useQueryClient();
  const { data: schedule, error, refetch, isPending } = useSchedule(id);

  const toggle = useMutation({
    mutationFn: (enabled: boolean) => patch<Schedule>(`/api/v1/schedules/${id}`, { enabled }),
    onMutate: async (enabled) => {
      await qc.cancelQueries({ queryKey: keys.schedule(id), exact: true });
      const before = qc.getQueryData<Schedule>(keys.schedule(id));
      if (before) qc.setQueryData(keys.schedule(id), { ...before, enabled });
      return { before };
    },
    onError: (err, _v, ctx) => {
      if (ctx?.before) qc.setQueryData(keys.schedule(id), ctx.before);
      toast.error(`Could not change the schedule: ${(err as Error).message}`);
    },
    onSuccess: (s) => {
      qc.setQueryData(keys.schedule(id), s);
      toast.success(s.enabled ? "Schedule resumed" : "Schedule paused: no ticks until you resume it");
    },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.schedules, exact: true }),
  });

  const runNow = useMutation({
    mutationFn: () => post<ScheduleRun>(`/api/v1/schedules/${id}/trigger`),
    onSuccess: (run) => {
      if (run.status === "dispatched" || run.status === "completed") {
        toast.success(`Run started: ${run.budget.spent} agent${run.budget.spent === 1 ? "" : "s"} for ${run.selected.length} item${run.selected.length === 1 ? "" : "s"}`);
      } else {
        toast.warning(`Nothing ran: ${reasonInWords(run.reason)}`);
      }
      qc.invalidateQueries({ queryKey: ["schedules", id] });
      qc.invalidateQueries({ queryKey: keys.budget });
      qc.invalidateQueries({ queryKey: keys.agents });
    },
    onError: (err) => toast.error(`Run now failed: ${(err as Error).message}`),
  });

  const sendDigest = useMutation({
    mutationFn: () => post<ForcedDigest>(`/api/v1/schedules/${id}/digest`),
    onSuccess: (d) =>
      d.sent ? toast.success(`Digest sent to ${d.recipients.join(", ")}`) : toast.warning("Digest queued: the send failed and will be retried"),
    onError: (err) => toast.error(err instanceof ApiError ? err.message : "Could not send the digest"),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.outbox }),
  });

  if (error) return <ErrorState error={error} onRetry={() => refetch()} />;
  if (isPending || !schedule) {
    return (
      <div className="mb-6 space-y-2">
        <Skeleton className="h-7 w-64" />
        <Skeleton className="h-4 w-96" />
      </div>
    );
  }
  const base = `/schedules/${id}`;
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/schedules" className="hover:underline">
            Schedules
          </Link>
        }
        title={
          <span className="flex items-center gap-2">
            {schedule.name}
            {schedule.enabled ? <Pill tone="ok">Running</Pill> : <Pill tone="idle">Paused</Pill>}
          </span>
        }
        description={scheduleSummary(schedule, schedule.effective_budget)}
        actions={
          <>
            <label className="mr-2 flex items-center gap-2 text-sm">
              <Switch label={schedule.enabled ? "Pause schedule" : "Resume schedule"} checked={schedule.enabled} onCheckedChange={(v) => toggle.mutate(v)} />
              {schedule.enabled ? "On" : "Paused"}
            </label>
            <Button onClick={() => sendDigest.mutate()} busy={sendDigest.isPending} disabled={!schedule.digest_config?.enabled}
              title={schedule.digest_config?.enabled ? "Email the runs since the last digest now" : "Turn the digest on in the Digest tab first"}>
              Send digest
            </Button>
            <Button variant="primary" onClick={() => runNow.mutate()} busy={runNow.isPending}>
              Run now
            </Button>
          </>
        }
      />
      <LinkTabs
        label="Schedule"
        tabs={[
          { href: `${base}/items`, label: "Items" },
          { href: `${base}/calendar`, label: "Calendar" },
          { href: `${base}/runs`, label: "Runs" },
          { href: `${base}/settings`, label: "Settings" },
          { href: `${base}/digest`, label: "Digest" },
        ]}
      />
    </>
  );
}

export function reasonInWords(reason: string | null): string {
  switch (reason) {
    case "no_items":
      return "the schedule has no items";
    case "budget_exhausted":
      return "the workspace's daily agent budget is used up";
    case "paused":
      return "the schedule is paused";
    case "no_run_day":
      return "today is not one of its run days";
    case "error":
      return "the tick failed";
    default:
      return "nothing was due";
  }
}

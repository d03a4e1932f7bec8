"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { ApiError, patch } from "@/components/data/api";
import { keys, useSchedule } from "@/components/data/queries";
import type { Schedule } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Pill } from "@/components/ui/pill";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { DigestFields } from "./digest-form";
import { DigestPreviewPanel } from "./digest-preview";
import { emailError, fieldErrors, formFrom, sameForm, validate, type DigestErrors, type DigestForm } from "./form-state";
import { SendNowButton } from "./send-now-button";

export function DigestTab({ scheduleId }: { scheduleId: string }) {
  const { data: schedule, error, refetch } = useSchedule(scheduleId);
  if (error) return <ErrorState error={error} onRetry={() => refetch()} />;
  if (!schedule) return <LoadingRows rows={5} label="Loading the digest settings" />;
  // Keyed by the saved config: after a save (or a change elsewhere) the form starts from it again.
  return <DigestEditor key={JSON.stringify(schedule.digest_config)} schedule={schedule} />;
}

function DigestEditor({ schedule }: { schedule: Schedule }) {
  const qc = useQueryClient();
  const saved = formFrom(schedule.digest_config);
  const [form, setForm] = useState<DigestForm>(saved);
  const [draft, setDraft] = useState("");
  const [serverErrors, setServerErrors] = useState<DigestErrors>({});

  // A typed address not yet turned into a chip counts once it is a valid one.
  const pending = draft.trim();
  const draftProblem = pending ? emailError(pending) : undefined;
  const candidate: DigestForm = pending && !draftProblem && !form.recipients.includes(pending) ? { ...form, recipients: [...form.recipients, pending] } : form;
  const localErrors = validate(candidate);
  const touched = !sameForm(candidate, saved);
  // A fresh form (no digest yet) is not scolded for its empty recipients before anyone typed.
  const errors = { ...serverErrors, ...(touched ? localErrors : {}) };
  const changed = touched || schedule.digest_config === null;
  const invalid = Object.keys(localErrors).length > 0 || Boolean(draftProblem);

  const save = useMutation({
    mutationFn: (digest_config: DigestForm) => patch<Schedule>(`/api/v1/schedules/${schedule.id}`, { digest_config }),
    onSuccess: (s) => {
      qc.setQueryData(keys.schedule(schedule.id), s);
      qc.invalidateQueries({ queryKey: keys.schedules, exact: true });
      toast.success(s.digest_config?.enabled ? `Digest saved: ${s.digest_config.recipients.length} recipient${s.digest_config.recipients.length === 1 ? "" : "s"}` : "Digest saved: turned off");
    },
    onError: (err) => {
      if (err instanceof ApiError && err.issues.length > 0) setServerErrors(fieldErrors(err.issues));
      toast.error(`Could not save the digest: ${(err as Error).message}`);
    },
  });

  function change(next: DigestForm) {
    setForm(next);
    setServerErrors({});
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
      <Card className="self-start">
        <CardHeader
          title="Digest email"
          description="Who hears about this schedule's runs, and when."
          action={
            schedule.digest_config === null ? (
              <Pill tone="idle">Digest off</Pill>
            ) : schedule.digest_config.enabled ? (
              <Pill tone="ok">On</Pill>
            ) : (
              <Pill tone="idle">Off</Pill>
            )
          }
        />
        <form
          className="space-y-5 p-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (changed && !invalid) save.mutate(candidate);
          }}
        >
          {schedule.digest_config === null && (
            <p className="rounded-md bg-surface-2 px-3 py-2 text-sm text-muted">
              This schedule sends no digest yet. Add a recipient and save to turn it on.
            </p>
          )}
          <DigestFields form={form} errors={errors} onChange={change} draft={draft} onDraftChange={setDraft} />
          <div className="flex flex-wrap items-center gap-2 border-t border-line pt-4">
            <Button type="submit" variant="primary" disabled={!changed || invalid} busy={save.isPending}>
              Save
            </Button>
            {changed && (
              <Button variant="ghost" onClick={() => (setForm(saved), setDraft(""), setServerErrors({}))}>
                Discard changes
              </Button>
            )}
            <span className="ml-auto">
              <SendNowButton scheduleId={schedule.id} unsaved={changed} />
            </span>
          </div>
        </form>
      </Card>
      <DigestPreviewPanel scheduleId={schedule.id} config={candidate} />
    </div>
  );
}

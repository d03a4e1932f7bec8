"use client";
import { useState, type FormEvent, type ReactNode } from "react";
import { ApiError } from "@/components/data/api";
import type { Project, Schedule } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { Term } from "@/components/ui/tooltip";
import { CreateSchedule, UpdateSchedule } from "@/lib/schedules/schemas";
import { BudgetField } from "./budget-field";
import { CoverageWarning } from "./coverage-warning";
import { DaysPicker } from "./days-picker";
import { bodyFromValues, changedFields, issuesToFieldErrors, type FieldErrors, type ScheduleFormValues } from "./form-values";
import { TimeZonePicker } from "./timezone-picker";
import { intervalInWords, liveSummary, windowInWords } from "./words";

type Props =
  | { mode: "create"; initial: ScheduleFormValues; projects: Project[]; onSubmit: (body: Record<string, unknown>) => Promise<void>; footer?: ReactNode }
  | { mode: "edit"; initial: ScheduleFormValues; schedule: Schedule; onSubmit: (body: Record<string, unknown>) => Promise<void>; footer?: ReactNode };

/**
 * The schedule's settings, created or edited. Validated in the browser by the API's own zod schema
 * (CreateSchedule / UpdateSchedule), so what passes here passes there; the API's 400 issues, should
 * any still come, land next to their fields the same way.
 */
export function ScheduleForm(props: Props) {
  const [values, setValues] = useState(props.initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof ScheduleFormValues>(key: K, value: ScheduleFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    // An error belongs to the value that caused it: editing the field clears it.
    const errorKey = key === "budget_mode" ? "daily_budget" : key;
    setErrors((e) => (e[errorKey as keyof FieldErrors] ? { ...e, [errorKey]: undefined } : e));
  };

  const changes = props.mode === "edit" ? changedFields(values, props.schedule) : null;
  const dirty = changes ? Object.keys(changes).length > 0 : true;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const body = bodyFromValues(values);
    const parsed = props.mode === "create" ? CreateSchedule.safeParse({ project_id: values.project_id, ...body }) : UpdateSchedule.safeParse(body);
    if (!parsed.success) {
      setErrors(issuesToFieldErrors(parsed.error.issues, values));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await props.onSubmit(props.mode === "create" ? { project_id: values.project_id, ...body } : changes!);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) {
        setErrors(issuesToFieldErrors(err.issues, values));
        setFormError("Rota refused some fields: see the messages next to them.");
      } else {
        setFormError(`Could not save the schedule: ${err instanceof Error ? err.message : "unknown error"}`);
      }
    } finally {
      setBusy(false);
    }
  }

  const autoBudget = props.mode === "edit" ? props.schedule.effective_budget : null;
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {props.mode === "edit" && <CoverageWarning schedule={props.schedule} />}
      <Card className="divide-y divide-line">
        <Section title="What" description="A name you'll recognise in the list and in the digest email.">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Name" error={errors.name}>
              {(p) => <Input {...p} value={values.name} maxLength={200} placeholder="Daily regression" onChange={(e) => set("name", e.target.value)} />}
            </Field>
            {props.mode === "create" && (
              <Field label="Project" hint="The schedule runs this project's journeys and test plans." error={errors.project_id}>
                {(p) => (
                  <Select {...p} value={values.project_id} onChange={(e) => set("project_id", e.target.value)}>
                    <option value="">Pick a project…</option>
                    {props.projects.map((pr) => (
                      <option key={pr.id} value={pr.id}>
                        {pr.name}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            )}
          </div>
        </Section>

        <Section title="When" description="Ticks happen on the run days, from the run time, every tick interval.">
          <DaysPicker value={values.run_days} onChange={(d) => set("run_days", d)} error={errors.run_days} />
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="Run time" hint="In the schedule's time zone." error={errors.run_time}>
              {(p) => <Input {...p} type="time" value={values.run_time} onChange={(e) => set("run_time", e.target.value)} />}
            </Field>
            <div className="sm:col-span-2">
              <TimeZonePicker value={values.timezone} onChange={(tz) => set("timezone", tz)} error={errors.timezone} />
            </div>
            <Field label="Tick interval (hours)" hint={intervalInWords(values.tick_interval_hours)} error={errors.tick_interval_hours}>
              {(p) => (
                <Input {...p} type="number" min={1} max={168} step={1} inputMode="numeric" value={values.tick_interval_hours} onChange={(e) => set("tick_interval_hours", e.target.value)} />
              )}
            </Field>
            <Field
              label={
                <Term explain="The longest any item of the schedule may go without a run. Items that have gone longer are overdue, and the ticks favour them.">
                  Coverage window (hours)
                </Term>
              }
              hint={windowInWords(values.coverage_window_hours)}
              error={errors.coverage_window_hours}
            >
              {(p) => (
                <Input {...p} type="number" min={1} max={8760} step={1} inputMode="numeric" value={values.coverage_window_hours} onChange={(e) => set("coverage_window_hours", e.target.value)} />
              )}
            </Field>
          </div>
        </Section>

        <Section title="How much" description="Each agent runs one journey in a browser; a test plan takes one agent per journey.">
          <BudgetField
            mode={values.budget_mode}
            fixed={values.daily_budget}
            autoValue={autoBudget}
            error={errors.daily_budget}
            onMode={(m) => set("budget_mode", m)}
            onFixed={(v) => set("daily_budget", v)}
          />
        </Section>
      </Card>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm" data-testid="schedule-summary" aria-live="polite">
          <span className="text-muted">In words: </span>
          {liveSummary(values, autoBudget)}
        </p>
        <div className="flex items-center gap-2">
          {props.footer}
          <Button type="submit" variant="primary" busy={busy} disabled={!dirty} title={dirty ? undefined : "Nothing changed yet"}>
            {props.mode === "create" ? "Create schedule" : "Save changes"}
          </Button>
        </div>
      </div>
      {formError && (
        <p role="alert" className="text-sm text-bad">
          {formError}
        </p>
      )}
    </form>
  );
}

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <section className="grid gap-4 p-4 md:grid-cols-[12rem_1fr]">
      <div>
        <h2 className="text-sm font-semibold">{title}</h2>
        <p className="mt-0.5 text-xs text-muted">{description}</p>
      </div>
      <div className="min-w-0 space-y-4">{children}</div>
    </section>
  );
}

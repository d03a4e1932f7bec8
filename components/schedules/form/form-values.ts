// The schedule form's state and its way to and from the API. The inputs hold strings (what the
// person typed); the body handed to the API's own zod schema is built from them, so the form shows
// exactly the errors the API would answer with, next to the field they belong to.
import type { Schedule } from "@/components/data/types";

export type BudgetMode = "auto" | "fixed";

export type ScheduleFormValues = {
  project_id: string;
  name: string;
  run_days: number[];
  run_time: string;
  timezone: string;
  tick_interval_hours: string;
  coverage_window_hours: string;
  budget_mode: BudgetMode;
  daily_budget: string;
};

/** The fields the form edits, as the API names them (digest_config and enabled live elsewhere). */
export const EDITABLE = ["name", "run_days", "run_time", "timezone", "tick_interval_hours", "coverage_window_hours", "daily_budget"] as const;
export type EditableField = (typeof EDITABLE)[number];
export type FieldErrors = Partial<Record<EditableField | "project_id", string>>;

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function emptyValues(timezone: string): ScheduleFormValues {
  return {
    project_id: "",
    name: "",
    run_days: [],
    run_time: "09:00",
    timezone,
    tick_interval_hours: "24",
    coverage_window_hours: "120",
    budget_mode: "auto",
    daily_budget: "",
  };
}

export function valuesFromSchedule(s: Schedule): ScheduleFormValues {
  return {
    project_id: s.project_id,
    name: s.name,
    run_days: [...s.run_days].sort((a, b) => a - b),
    run_time: s.run_time,
    timezone: s.timezone,
    tick_interval_hours: String(s.tick_interval_hours),
    coverage_window_hours: String(s.coverage_window_hours),
    budget_mode: s.daily_budget === null ? "auto" : "fixed",
    daily_budget: s.daily_budget === null ? "" : String(s.daily_budget),
  };
}

// An empty number box becomes NaN rather than "absent": absent would let the create schema fill in
// its default silently, while the person cleared the box and should be told it needs a number.
const toNumber = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));

/** The API body of the editable fields (create mode adds project_id). */
export function bodyFromValues(v: ScheduleFormValues): Record<EditableField, unknown> {
  return {
    name: v.name,
    run_days: [...v.run_days].sort((a, b) => a - b),
    run_time: v.run_time,
    timezone: v.timezone.trim(),
    tick_interval_hours: toNumber(v.tick_interval_hours),
    coverage_window_hours: toNumber(v.coverage_window_hours),
    daily_budget: v.budget_mode === "auto" ? null : toNumber(v.daily_budget),
  };
}

/** The fields whose value differs from the saved schedule: what a PATCH sends. */
export function changedFields(v: ScheduleFormValues, saved: Schedule): Partial<Record<EditableField, unknown>> {
  const now = bodyFromValues(v);
  const before = bodyFromValues(valuesFromSchedule(saved));
  const out: Partial<Record<EditableField, unknown>> = {};
  for (const k of EDITABLE) {
    if (JSON.stringify(now[k]) !== JSON.stringify(before[k])) out[k] = now[k];
  }
  return out;
}

type IssueLike = { path: readonly PropertyKey[]; message: string; code?: string };

/** zod's (or the API's) issues, one message per field, in words a person reads. */
export function issuesToFieldErrors(issues: readonly IssueLike[], values?: ScheduleFormValues): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "") as keyof FieldErrors;
    if (!field || out[field]) continue;
    out[field] = friendly(field, issue, values);
  }
  return out;
}

function friendly(field: keyof FieldErrors, issue: IssueLike, values?: ScheduleFormValues): string {
  const raw = values && field in values ? (values as Record<string, unknown>)[field] : undefined;
  const empty = typeof raw === "string" && raw.trim() === "";
  switch (field) {
    case "project_id":
      return "Pick the project whose journeys it runs";
    case "name":
      return empty || issue.code === "too_small" ? "Give the schedule a name" : issue.message;
    case "run_days":
      return issue.code === "too_small" ? "Pick at least one day" : issue.message;
    case "run_time":
      return "Enter a time as HH:MM, 24-hour";
    case "timezone":
      return "Pick a time zone from the list, e.g. Europe/Berlin or UTC";
    case "tick_interval_hours":
      return empty ? "Enter the hours between ticks" : "A whole number of hours from 1 to 168";
    case "coverage_window_hours":
      return empty ? "Enter the coverage window in hours" : "A whole number of hours from 1 to 8760";
    case "daily_budget":
      return values?.budget_mode === "fixed" && values.daily_budget.trim() === ""
        ? "Enter how many agents a tick may start"
        : "A whole number of agents, 0 or more";
    default:
      return issue.message;
  }
}

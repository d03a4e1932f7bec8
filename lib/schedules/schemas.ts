// The Schedules API contract (README "The API"): one zod schema per body serves validation, the TypeScript
// types and the OpenAPI document.
import { z } from "zod";
import { SEVERITIES } from "@/lib/db/schema";
import { Name, TimeZone, Timestamp, Uuid } from "@/lib/validation";

export const Severity = z.enum(SEVERITIES).meta({ id: "Severity" });

// zod's email check lets a domain label end in a hyphen (`a@b-.com`); the document says
// `format: email`, which does not. Accept only what both accept, so a stored recipient never
// makes a response invalid against the served document.
const HYPHEN_EDGED_LABEL = /(^|\.)-|-(\.|$)/;
const Email = z.email().refine((e) => !HYPHEN_EDGED_LABEL.test(e.slice(e.lastIndexOf("@") + 1)), {
  message: "Invalid email address",
});

export const DigestConfig = z
  .strictObject({
    enabled: z.boolean().default(true),
    recipients: z.array(Email).min(1).max(50),
    send: z.enum(["always", "on_failure"]).default("always"),
    min_severity: Severity.nullable().default(null),
  })
  .meta({ id: "DigestConfig" });

const RunTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Must be HH:MM, 24-hour")
  .meta({ example: "09:00" });

const RunDays = z
  .array(z.int().min(1).max(7))
  .min(1)
  .max(7)
  .refine((d) => new Set(d).size === d.length, { message: "run_days must be unique" })
  .meta({ description: "ISO days, Mon=1..Sun=7", example: [1, 2, 3, 4, 5] });

const writable = {
  name: Name,
  enabled: z.boolean(),
  timezone: TimeZone,
  run_time: RunTime,
  run_days: RunDays,
  tick_interval_hours: z.int().min(1).max(168),
  coverage_window_hours: z.int().min(1).max(8760),
  daily_budget: z.int().min(0).max(1_000_000).nullable().meta({ description: "Max agents per tick; null = auto" }),
  digest_config: DigestConfig.nullable(),
};

export const CreateSchedule = z
  .strictObject({
    project_id: Uuid,
    name: writable.name,
    enabled: writable.enabled.default(true),
    timezone: writable.timezone.optional(),
    run_time: writable.run_time.default("09:00"),
    run_days: writable.run_days.default([1, 2, 3, 4, 5, 6, 7]),
    tick_interval_hours: writable.tick_interval_hours.default(24),
    coverage_window_hours: writable.coverage_window_hours.default(120),
    daily_budget: writable.daily_budget.default(null),
    digest_config: writable.digest_config.default(null),
  })
  .meta({ id: "CreateSchedule" });
export type CreateSchedule = z.output<typeof CreateSchedule>;

export const UpdateSchedule = z
  .strictObject({
    name: writable.name.optional(),
    enabled: writable.enabled.optional(),
    timezone: writable.timezone.optional(),
    run_time: writable.run_time.optional(),
    run_days: writable.run_days.optional(),
    tick_interval_hours: writable.tick_interval_hours.optional(),
    coverage_window_hours: writable.coverage_window_hours.optional(),
    daily_budget: writable.daily_budget.optional(),
    digest_config: writable.digest_config.optional(),
  })
  .meta({ id: "UpdateSchedule" });
export type UpdateSchedule = z.output<typeof UpdateSchedule>;

export const AddItem = z
  .strictObject({
    journey_id: Uuid.optional(),
    test_plan_id: Uuid.optional(),
    priority: z.int().min(-1_000_000).max(1_000_000).default(0),
  })
  .refine((b) => (b.journey_id === undefined) !== (b.test_plan_id === undefined), {
    message: "Specify exactly one of journey_id or test_plan_id",
    path: ["journey_id"],
  })
  .meta({ id: "AddScheduleItem" });
export type AddItem = z.output<typeof AddItem>;

export const UpdateItem = z
  .strictObject({ priority: z.int().min(-1_000_000).max(1_000_000) })
  .meta({ id: "UpdateScheduleItem" });
export type UpdateItem = z.output<typeof UpdateItem>;

export const ReorderItems = z
  .strictObject({ item_ids: z.array(Uuid).max(10_000) })
  .meta({ id: "ReorderScheduleItems" });
export type ReorderItems = z.output<typeof ReorderItems>;

export const ScheduleListQuery = z.object({ project_id: Uuid.optional() });

export const ScheduleItem = z
  .object({
    id: Uuid,
    journey_id: Uuid.optional(),
    test_plan_id: Uuid.optional(),
    priority: z.int(),
    last_run_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .meta({ id: "ScheduleItem", description: "Exactly one of journey_id / test_plan_id is present" });

export const Schedule = z
  .object({
    id: Uuid,
    project_id: Uuid,
    name: z.string(),
    enabled: z.boolean(),
    timezone: z.string(),
    run_time: z.string(),
    run_days: z.array(z.int()),
    tick_interval_hours: z.int(),
    coverage_window_hours: z.int(),
    daily_budget: z.int().nullable(),
    effective_budget: z.int(),
    digest_config: DigestConfig.nullable(),
    last_tick_at: Timestamp.nullable(),
    next_tick_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
    items: z.array(ScheduleItem),
  })
  .meta({ id: "Schedule" });

// The tick engine's outputs as the API returns them: a run (the audit trail of one tick) and a
// preview (what a tick now would select). The handlers build them in lib/tick; the OpenAPI document
// publishes these schemas.
import { z } from "zod";
import { Timestamp, Uuid } from "@/lib/validation";

export const RunSelection = z
  .object({
    item_id: Uuid,
    journey_id: Uuid.optional(),
    test_plan_id: Uuid.optional(),
    priority: z.int(),
    staleness_hours: z.number().nullable(),
    score: z.number().meta({ description: "staleness_hours × priority weight (ADR 0001)" }),
    due: z.boolean().meta({ description: "The look-ahead found it must run now to meet its deadline" }),
    never_run: z.boolean(),
    cost: z.int().meta({ description: "Agents it takes: 1 for a journey, one per journey of a plan" }),
    deadline_at: Timestamp.nullable().meta({ description: "Its coverage deadline" }),
    agent_ids: z.array(Uuid),
  })
  .meta({ id: "RunSelection", description: "One selected item; exactly one of journey_id / test_plan_id" });

export const RunSkip = z
  .object({
    item_id: Uuid,
    reason: z.enum(["budget", "not_selected", "tenant_budget"]).meta({
      description:
        "`budget`: it did not fit what was left of the tick budget; `not_selected`: the tick budget was spent before its " +
        "turn, or it has nothing to run; `tenant_budget`: the tick budget had room for it, the tenant's day did not " +
        "(its daily budget is used up, or what is left is reserved for the tenant's other schedules)",
    }),
  })
  .meta({ id: "RunSkip" });

export const ScheduleRun = z
  .object({
    id: Uuid,
    schedule_id: Uuid,
    trigger: z.enum(["cron", "manual"]),
    slot_at: Timestamp,
    started_at: Timestamp,
    finished_at: Timestamp.nullable(),
    status: z.enum(["dispatched", "completed", "skipped", "failed"]),
    reason: z.enum(["no_items", "budget_exhausted", "paused", "no_run_day", "error"]).nullable(),
    budget: z.object({
      tick: z.int().meta({ description: "The tick budget: the schedule's daily_budget, or the auto budget resolved at this tick" }),
      tenant_remaining_before: z.int().meta({ description: "What was left of the tenant's daily agent budget before this tick" }),
      reserved_for_others: z.int().meta({
        description:
          "Of that, what was set aside for the ticks still to come today: the tenant's other schedules' (their due items, " +
          "then their share of the spare capacity) and this schedule's own later ticks' due items. This tick could spend " +
          "at most min(tick, tenant_remaining_before − reserved_for_others). 0 on runs recorded before reservations existed",
      }),
      spent: z.int(),
    }),
    selected: z.array(RunSelection),
    skipped: z.array(RunSkip),
    agents: z.object({ queued: z.int(), running: z.int(), passed: z.int(), failed: z.int(), error: z.int() }),
    digest: z
      .object({
        status: z.enum(["sent", "suppressed", "failed"]),
        sent_at: Timestamp.nullable(),
        message_id: z.string().nullable(),
        error: z.string().nullable(),
      })
      .nullable(),
    error: z
      .object({
        code: z.string().meta({ description: "e.g. `range_error`, `sqlstate_22P02`" }),
        message: z.string(),
      })
      .nullable()
      .meta({ description: "Why a `failed` run failed; null otherwise" }),
  })
  .meta({ id: "ScheduleRun", description: "One tick of one schedule: the audit trail" });

export const TickPreview = z
  .object({
    now: Timestamp,
    slot_at: Timestamp,
    next_tick_at: Timestamp.nullable(),
    budget: z.object({
      tick: z.int(),
      tenant_remaining: z.int(),
      reserved_for_others: z.int().meta({
        description: "Of tenant_remaining, what a tick now would leave for the tenant's other schedules' ticks later today (as in a run)",
      }),
    }),
    selected: z.array(RunSelection),
    skipped: z.array(RunSkip),
    forecast: z.object({
      max_gap_hours: z.number().nullable().meta({ description: "The longest expected gap of any item at the schedule's own tick budget" }),
      coverage_met: z.boolean().meta({
        description:
          "Every item is expected to run within its coverage window: the schedule's tick budget meets it (max_gap_hours) " +
          "and the tenant's daily budget covers what all its schedules need (tenant.needed_per_day)",
      }),
      reason: z.enum(["tick_budget", "tenant_budget"]).nullable().meta({
        description:
          "Why coverage is not met: `tick_budget` — the schedule's own per-tick budget is too small (max_gap_hours exceeds " +
          "the window); `tenant_budget` — the tenant's daily agent budget is below what its schedules need on some day " +
          "(tenant.needed_per_day), so some windows will be missed even though the reservations spread the shortage " +
          "fairly. null when coverage is met",
      }),
      tenant: z
        .object({
          daily_agent_budget: z.int(),
          needed_per_day: z.int().meta({
            description:
              "The most agents the tenant's live schedules need on any of its next 7 local days to meet every window: the " +
              "sum of each schedule's auto budget × its ticks that day",
          }),
        })
        .meta({ description: "The tenant-wide side of the forecast" }),
      approximate: z.boolean().meta({
        description:
          "The forecast's simulation was cut short by its work cap (a large schedule with a long window): the gaps come " +
          "from fewer simulated ticks than the full forecast, so they can miss a longer gap that comes later or still " +
          "show the current backlog. false: simulated in full.",
      }),
      items: z.array(z.object({ item_id: Uuid, expected_gap_hours: z.number().nullable() })),
    }),
  })
  .meta({ id: "TickPreview", description: "What a tick now would select, and the coverage forecast; writes nothing" });

export const CalendarQuery = z.object({
  days: z.coerce.number().int().min(1).max(14).default(7).meta({ description: "Days ahead of now to list ticks for (1–14, default 7)" }),
});
export type CalendarQuery = z.output<typeof CalendarQuery>;

const CalendarItemRef = {
  item_id: Uuid,
  journey_id: Uuid.optional(),
  test_plan_id: Uuid.optional(),
  cost: z.int().meta({ description: "Agents it takes: 1 for a journey, one per journey of a plan" }),
};

export const ScheduleCalendar = z
  .object({
    schedule_id: Uuid,
    now: Timestamp,
    start: Timestamp.meta({ description: "Where the ticks start: the schedule's next_tick_at, or now when it has none (paused)" }),
    until: Timestamp.meta({ description: "now + days: ticks before this instant are listed" }),
    days: z.int(),
    paused: z.boolean().meta({ description: "The schedule is paused: the ticks are forecast as if it were enabled" }),
    daily_budget: z.int().nullable().meta({ description: "The schedule's per-tick budget; null = auto (resolved at each tick)" }),
    tenant: z
      .object({ daily_agent_budget: z.int(), remaining: z.int() })
      .meta({ description: "The tenant's daily agent budget and what is left of today's; the simulation itself ignores the tenant cap, as the forecast does" }),
    ticks: z.array(
      z.object({
        slot_at: Timestamp,
        budget: z.int().meta({ description: "The tick budget at this tick (the auto budget resolved there when daily_budget is null)" }),
        items: z.array(
          z
            .object({
              ...CalendarItemRef,
              due: z.boolean().meta({ description: "The look-ahead found it must run at this tick to meet its deadline" }),
            })
            .meta({ description: "Exactly one of journey_id / test_plan_id" }),
        ),
      }),
    ),
    items: z.array(
      z
        .object({
          ...CalendarItemRef,
          priority: z.int(),
          runs: z.int().meta({ description: "How many of the listed ticks select it" }),
          expected_gap_hours: z.number().nullable().meta({ description: "The forecast's longest expected gap between its runs; null when it has nothing to run (cost 0)" }),
        })
        .meta({ description: "Every item of the schedule, in board order; exactly one of journey_id / test_plan_id" }),
    ),
    coverage_met: z.boolean(),
    max_gap_hours: z.number().nullable(),
    approximate: z.boolean().meta({ description: "The forecast was cut short by its work cap (see TickPreview.forecast.approximate)" }),
    truncated: z.boolean().meta({ description: "The work cap stopped the calendar's simulation before `until`: later ticks are missing" }),
    budget_needed: z.int().nullable().meta({
      description:
        "When coverage is not met: the smallest per-tick budget with which the forecast meets the coverage window " +
        "(one less does not); null when coverage is met, or when no budget can meet it (no slots)",
    }),
  })
  .meta({ id: "ScheduleCalendar", description: "The coming ticks of a schedule from the forecast's simulation; writes nothing" });

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
  .object({ item_id: Uuid, reason: z.enum(["budget", "not_selected"]) })
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
    budget: z.object({ tick: z.int(), tenant_remaining_before: z.int(), spent: z.int() }),
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
    budget: z.object({ tick: z.int(), tenant_remaining: z.int() }),
    selected: z.array(RunSelection),
    skipped: z.array(RunSkip),
    forecast: z.object({
      max_gap_hours: z.number().nullable(),
      coverage_met: z.boolean(),
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

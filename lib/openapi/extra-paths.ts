// Paths whose behaviour lives in later modules (tick engine, digest) register here. The response
// shapes follow SPEC §3 (runs) and §4 (preview); the handlers build them in lib/tick.
import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { Timestamp, Uuid } from "@/lib/validation";
import { Agent, AgentListQuery, AgentSummary } from "@/lib/agents/schemas";
import { registerOp } from "./document";

export type ExtraCtx = {
  sid: z.ZodObject;
  listOf: (item: z.ZodType, id: string) => z.ZodType;
  ListParams: z.ZodObject;
};

const Selected = z
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

const Skipped = z
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
    selected: z.array(Selected),
    skipped: z.array(Skipped),
    agents: z.object({ queued: z.int(), running: z.int(), passed: z.int(), failed: z.int(), error: z.int() }),
    digest: z
      .object({
        status: z.enum(["sent", "suppressed", "failed"]),
        sent_at: Timestamp.nullable(),
        message_id: z.string().nullable(),
        error: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: "ScheduleRun", description: "One tick of one schedule: the audit trail (SPEC §3)" });

export const TickPreview = z
  .object({
    now: Timestamp,
    slot_at: Timestamp,
    next_tick_at: Timestamp.nullable(),
    budget: z.object({ tick: z.int(), tenant_remaining: z.int() }),
    selected: z.array(Selected),
    skipped: z.array(Skipped),
    forecast: z.object({
      max_gap_hours: z.number().nullable(),
      coverage_met: z.boolean(),
      items: z.array(z.object({ item_id: Uuid, expected_gap_hours: z.number().nullable() })),
    }),
  })
  .meta({ id: "TickPreview", description: "What a tick now would select, and the coverage forecast; writes nothing" });

export function extraPaths(registry: OpenAPIRegistry, { sid, listOf, ListParams }: ExtraCtx) {
  registerOp(registry, {
    method: "get",
    path: "/api/v1/schedules/{id}/runs",
    summary: "A schedule's runs (audit trail), newest first",
    tag: "Schedules",
    params: sid,
    query: ListParams,
    ok: { status: 200, schema: listOf(ScheduleRun, "ScheduleRunList"), description: "A page" },
    errors: [400, 401, 404],
  });
  registerOp(registry, {
    method: "post",
    path: "/api/v1/schedules/{id}/trigger",
    summary: "Tick now (manual trigger; moves no slot)",
    tag: "Schedules",
    params: sid,
    ok: { status: 200, schema: ScheduleRun, description: "The run the tick wrote" },
    errors: [401, 404],
  });
  registerOp(registry, {
    method: "get",
    path: "/api/v1/schedules/{id}/preview",
    summary: "What a tick now would select, with scores and forecast",
    tag: "Schedules",
    params: sid,
    ok: { status: 200, schema: TickPreview, description: "The preview" },
    errors: [401, 404],
  });
  registerOp(registry, {
    method: "get",
    path: "/api/v1/agents",
    summary: "List agents (filter by schedule, run, status), newest first",
    tag: "Agents",
    query: ListParams.extend(AgentListQuery.shape),
    ok: { status: 200, schema: listOf(AgentSummary, "AgentList"), description: "A page" },
    errors: [400, 401],
  });
  registerOp(registry, {
    method: "get",
    path: "/api/v1/agents/{id}",
    summary: "One agent with its steps and findings",
    tag: "Agents",
    params: z.object({ id: z.string().meta({ format: "uuid", description: "Agent id" }) }),
    ok: { status: 200, schema: Agent, description: "OK" },
    errors: [401, 404],
  });
}

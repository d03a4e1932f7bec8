import { z } from "zod";
import { Severity } from "@/lib/schedules/schemas";
import { Timestamp, Uuid } from "@/lib/validation";

export const AGENT_STATUSES = ["queued", "running", "passed", "failed", "error", "cancelled"] as const;

export const AgentListQuery = z.object({
  schedule_id: Uuid.optional(),
  run_id: Uuid.optional(),
  status: z.enum(AGENT_STATUSES).optional(),
});

// Index 0 is the opening visit of the journey's start_path (action "open"); its steps follow from 1.
const Step = z.object({
  index: z.int(),
  action: z.string(),
  status: z.enum(["passed", "failed", "skipped"]),
  duration_ms: z.int(),
  error: z.string().nullable(),
});

export const Finding = z
  .object({ id: Uuid, severity: Severity, title: z.string(), detail: z.string(), step: z.int().nullable() })
  .meta({ id: "Finding" });

const agentFields = {
  id: Uuid,
  schedule_id: Uuid.nullable(),
  run_id: Uuid.nullable(),
  item_id: Uuid.nullable(),
  journey_id: Uuid,
  test_plan_id: Uuid.nullable(),
  status: z.enum(AGENT_STATUSES),
  attempt: z.int(),
  queued_at: Timestamp,
  started_at: Timestamp.nullable(),
  finished_at: Timestamp.nullable(),
  duration_ms: z.int().nullable(),
  error: z.string().nullable(),
  screenshot_url: z
    .string()
    .nullable()
    .meta({ description: "Path of the failing step's PNG (GET it with the tenant's API key); null when none was taken" }),
};

/** In lists: without steps and findings (docs/domain.md "Agents"). */
export const AgentSummary = z.object(agentFields).meta({ id: "AgentSummary" });
export const Agent = z
  .object({ ...agentFields, steps: z.array(Step), findings: z.array(Finding) })
  .meta({ id: "Agent" });

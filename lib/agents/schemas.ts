import { z } from "zod";
import { Severity } from "@/lib/schedules/schemas";
import { Timestamp, Uuid } from "@/lib/validation";
import { startsWithPngSignature } from "@/lib/png";

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

// The report an external agent (webhook executor, lib/agents/webhook.ts) sends to
// POST /api/v1/agents/{id}/result. Every list and string is bounded: the sender holds nothing but
// a single-use token, and what it sends is stored and shown to the tenant as it is.

/** No honest report takes longer than the longest report window (AGENT_WEBHOOK_TIMEOUT_MS: a day). */
const MAX_REPORTED_MS = 86_400_000;
const ReportedMs = z.int().min(0).max(MAX_REPORTED_MS);
/** Step 0 is the visit of the start path, then up to 100 journey steps (the journey schema's bound). */
const MAX_REPORTED_STEPS = 101;
const StepIndex = z.int().min(0).max(MAX_REPORTED_STEPS - 1);

/** Screenshots are stored in the database; 1 MiB is several times the largest seen at 1280×720. */
export const MAX_SCREENSHOT_BYTES = 1024 * 1024;
/** A report's body limit: room for the largest screenshot in base64 (4/3 of it) and its steps. */
export const MAX_REPORT_BODY_BYTES = 2 * 1024 * 1024;
const MAX_SCREENSHOT_BASE64 = 4 * Math.ceil(MAX_SCREENSHOT_BYTES / 3);
// Standard alphabet, padded (what Buffer, btoa and every base64 encoder emit by default). Checked
// in a refinement, not `.regex()`: the PNG check needs code anyway, and the rule is in the description.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether `b64` is padded standard base64 whose bytes start with the PNG signature. */
export function isBase64Png(b64: string): boolean {
  if (b64.length < 12 || !BASE64.test(b64)) return false;
  // 12 characters decode to 9 bytes: enough for the 8-byte signature without decoding the image.
  const head = Buffer.from(b64.slice(0, 12), "base64");
  return startsWithPngSignature(head);
}

const ScreenshotBase64 = z
  .string()
  .max(MAX_SCREENSHOT_BASE64)
  .refine(isBase64Png, { message: "Must be a PNG image in standard, padded base64 (no data: prefix)" })
  .meta({
    description:
      "PNG of the page at the failing step, base64 (standard alphabet, padded). At most 1 MiB of PNG; the request body as a whole is limited to 2 MB.",
  });

const ReportedStep = z.strictObject({
  index: StepIndex,
  action: z.string().min(1).max(200),
  status: z.enum(["passed", "failed", "skipped"]),
  duration_ms: ReportedMs,
  error: z.string().max(2000).nullable(),
});

const ReportedFinding = z.strictObject({
  severity: Severity,
  title: z.string().trim().min(1).max(200),
  detail: z.string().max(5000).default(""),
  step: StepIndex.nullable().default(null),
});

export const AgentResultReport = z
  .strictObject({
    status: z.enum(["passed", "failed", "error"]).meta({
      description: "passed: every step passed and nothing high or worse was found; error: the journey could not be run",
    }),
    steps: z.array(ReportedStep).max(MAX_REPORTED_STEPS),
    findings: z.array(ReportedFinding).max(50).default([]),
    error: z.string().max(2000).nullable().default(null).meta({ description: "Why it failed or could not run, in one line" }),
    duration_ms: ReportedMs,
    screenshot_png_base64: ScreenshotBase64.optional(),
  })
  .meta({ id: "AgentResultReport" });
export type AgentResultReport = z.output<typeof AgentResultReport>;

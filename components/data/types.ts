// The API's response shapes as TypeScript types, taken from the very zod schemas that validate the
// API and publish its OpenAPI document (type-only imports: nothing of lib/ reaches the browser here).
import type { z } from "zod";
import type { Agent as AgentSchema, AgentSummary as AgentSummarySchema } from "@/lib/agents/schemas";
import type { ForcedDigest as ForcedDigestSchema, OutboxMessage as OutboxMessageSchema } from "@/lib/digest/schemas";
import type { Journey as JourneySchema } from "@/lib/journeys/schemas";
import type { Project as ProjectSchema } from "@/lib/projects/schemas";
import type { Schedule as ScheduleSchema, ScheduleItem as ScheduleItemSchema } from "@/lib/schedules/schemas";
import type { ApiKey as ApiKeySchema, Budget as BudgetSchema } from "@/lib/tenants/schemas";
import type { TestPlan as TestPlanSchema } from "@/lib/test-plans/schemas";
import type { ScheduleRun as ScheduleRunSchema, TickPreview as TickPreviewSchema } from "@/lib/tick/schemas";

export type Schedule = z.output<typeof ScheduleSchema>;
export type ScheduleItem = z.output<typeof ScheduleItemSchema>;
export type ScheduleRun = z.output<typeof ScheduleRunSchema>;
export type TickPreview = z.output<typeof TickPreviewSchema>;
export type Project = z.output<typeof ProjectSchema>;
export type Journey = z.output<typeof JourneySchema>;
export type TestPlan = z.output<typeof TestPlanSchema>;
export type Agent = z.output<typeof AgentSchema>;
export type AgentSummary = z.output<typeof AgentSummarySchema>;
export type OutboxMessage = z.output<typeof OutboxMessageSchema>;
export type ForcedDigest = z.output<typeof ForcedDigestSchema>;
export type Budget = z.output<typeof BudgetSchema>;
export type ApiKey = z.output<typeof ApiKeySchema>;
export type Page<T> = { data: T[]; next_cursor: string | null };
// Digest tab and Settings (API keys).
import type { DigestPreview as DigestPreviewSchema } from "@/lib/digest/schemas";
import type { DigestConfig as DigestConfigSchema } from "@/lib/schedules/schemas";
export type DigestConfig = z.output<typeof DigestConfigSchema>;
export type DigestPreview = z.output<typeof DigestPreviewSchema>;
/** POST /api/v1/api-keys: the key's plaintext, in this response only. */
export type CreatedApiKey = ApiKey & { key: string };
// Runs / calendar / agents pages (ui-runs).
export type ScheduleCalendar = z.output<typeof import("@/lib/tick/schemas").ScheduleCalendar>;

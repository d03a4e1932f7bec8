// The whole data model (docs/domain.md), designed up front so later features add behaviour, not tables.
// Every tenant-owned row carries tenant_id so each query can be scoped without joins.
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// Millisecond precision: JavaScript dates carry ms, so cursors built from them round-trip exactly.
const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: "date" });
const createdAt = () => ts("created_at").notNull().defaultNow();
const updatedAt = () => ts("updated_at").notNull().defaultNow();
const id = () => uuid("id").primaryKey().defaultRandom();
// node-postgres sends only a Buffer as binary; PGlite takes any Uint8Array (a Buffer is one).
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

export const tenants = pgTable("tenants", {
  id: id(),
  name: text("name").notNull(),
  dailyAgentBudget: integer("daily_agent_budget").notNull().default(100),
  timezone: text("timezone").notNull().default("UTC"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // Public, shown in lists; also the lookup key, so the secret part is only ever compared hashed.
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    lastUsedAt: ts("last_used_at"),
    revokedAt: ts("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_keys_prefix_uq").on(t.prefix), index("api_keys_tenant_idx").on(t.tenantId)],
);

export const projects = pgTable(
  "projects",
  {
    id: id(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    baseUrl: text("base_url").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("projects_tenant_created_idx").on(t.tenantId, t.createdAt, t.id)],
);

export type JourneyStep = Record<string, unknown> & { action: string };

export const journeys = pgTable(
  "journeys",
  {
    id: id(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    startPath: text("start_path").notNull().default("/"),
    steps: jsonb("steps").$type<JourneyStep[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("journeys_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    index("journeys_project_idx").on(t.projectId),
  ],
);

export const testPlans = pgTable(
  "test_plans",
  {
    id: id(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("test_plans_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    index("test_plans_project_idx").on(t.projectId),
  ],
);

// Ordered membership; deleting a journey removes it from every plan (cascade).
export const testPlanJourneys = pgTable(
  "test_plan_journeys",
  {
    testPlanId: uuid("test_plan_id").notNull().references(() => testPlans.id, { onDelete: "cascade" }),
    journeyId: uuid("journey_id").notNull().references(() => journeys.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.testPlanId, t.journeyId] }),
    index("test_plan_journeys_journey_idx").on(t.journeyId),
  ],
);

export type DigestConfig = {
  enabled: boolean;
  recipients: string[];
  send: "always" | "on_failure";
  min_severity: Severity | null;
};
export const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const schedules = pgTable(
  "schedules",
  {
    id: id(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    // Projects with schedules cannot be deleted (409), so history never dangles.
    projectId: uuid("project_id").notNull().references(() => projects.id),
    name: text("name").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    timezone: text("timezone").notNull(),
    runTime: text("run_time").notNull().default("09:00"),
    runDays: integer("run_days").array().notNull().default(sql`'{1,2,3,4,5,6,7}'::integer[]`),
    tickIntervalHours: integer("tick_interval_hours").notNull().default(24),
    coverageWindowHours: integer("coverage_window_hours").notNull().default(120),
    dailyBudget: integer("daily_budget"),
    digestConfig: jsonb("digest_config").$type<DigestConfig | null>(),
    // Local date (in `timezone`) from which slots are counted: docs/engine.md "Slots", ADR 0003.
    anchorDate: text("anchor_date").notNull(),
    lastTickAt: ts("last_tick_at"),
    nextTickAt: ts("next_tick_at"),
    // Soft delete: runs and agents keep pointing at the schedule as history (DELETE /api/v1/schedules/{id}).
    deletedAt: ts("deleted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("schedules_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    // The cron pass looks for due schedules only.
    index("schedules_due_idx")
      .on(t.nextTickAt)
      .where(sql`${t.enabled} and ${t.deletedAt} is null and ${t.nextTickAt} is not null`),
  ],
);

export const scheduleItems = pgTable(
  "schedule_items",
  {
    id: id(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    scheduleId: uuid("schedule_id").notNull().references(() => schedules.id, { onDelete: "cascade" }),
    journeyId: uuid("journey_id").references(() => journeys.id, { onDelete: "cascade" }),
    testPlanId: uuid("test_plan_id").references(() => testPlans.id, { onDelete: "cascade" }),
    priority: integer("priority").notNull().default(0),
    lastRunAt: ts("last_run_at"),
    // Insertion order, the tie-break after priority ("then by when they were added").
    seq: bigserial("seq", { mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      "schedule_items_one_kind",
      sql`(${t.journeyId} is null) <> (${t.testPlanId} is null)`,
    ),
    uniqueIndex("schedule_items_journey_uq").on(t.scheduleId, t.journeyId),
    uniqueIndex("schedule_items_plan_uq").on(t.scheduleId, t.testPlanId),
    index("schedule_items_schedule_idx").on(t.scheduleId, t.priority, t.seq),
  ],
);

/** `reserved_for_others` is absent on runs recorded before tenant-day reservations (they reserved nothing). */
export type RunBudget = { tick: number; tenant_remaining_before: number; reserved_for_others?: number; spent: number };
export type RunSelected = {
  item_id: string;
  journey_id?: string;
  test_plan_id?: string;
  priority: number;
  staleness_hours: number | null;
  score: number;
  agent_ids: string[];
  [extra: string]: unknown;
};
export type RunSkipped = { item_id: string; reason: "budget" | "not_selected" | "tenant_budget" };
export type RunDigest = {
  status: "sent" | "suppressed" | "failed";
  sent_at: string | null;
  message_id: string | null;
  error: string | null;
};

export type RunError = { code: string; message: string };

export const scheduleRuns = pgTable(
  "schedule_runs",
  {
    id: id(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    scheduleId: uuid("schedule_id").notNull().references(() => schedules.id),
    trigger: text("trigger").$type<"cron" | "manual">().notNull(),
    slotAt: ts("slot_at").notNull(),
    startedAt: ts("started_at").notNull(),
    finishedAt: ts("finished_at"),
    status: text("status").$type<"dispatched" | "completed" | "skipped" | "failed">().notNull(),
    reason: text("reason").$type<
      null | "no_items" | "budget_exhausted" | "paused" | "no_run_day" | "error"
    >(),
    budget: jsonb("budget").$type<RunBudget>().notNull(),
    selected: jsonb("selected").$type<RunSelected[]>().notNull().default([]),
    skipped: jsonb("skipped").$type<RunSkipped[]>().notNull().default([]),
    digest: jsonb("digest").$type<RunDigest | null>(),
    /** Why a `failed` run failed. */
    error: jsonb("error").$type<RunError | null>(),
    createdAt: createdAt(),
  },
  (t) => [
    // Exactly once per cron slot: a duplicate cron delivery cannot write a second run.
    uniqueIndex("schedule_runs_cron_slot_uq")
      .on(t.scheduleId, t.slotAt)
      .where(sql`${t.trigger} = 'cron'`),
    index("schedule_runs_schedule_created_idx").on(t.scheduleId, t.createdAt, t.id),
    index("schedule_runs_dispatched_idx").on(t.status).where(sql`${t.status} = 'dispatched'`),
    // The cron pass's digest safety net: recently completed runs whose digest was never decided.
    index("schedule_runs_undecided_digest_idx").on(t.finishedAt).where(sql`${t.status} = 'completed' and ${t.digest} is null`),
  ],
);

export type AgentStatus = "queued" | "running" | "passed" | "failed" | "error" | "cancelled";
export type AgentStep = {
  index: number;
  action: string;
  status: "passed" | "failed" | "skipped";
  duration_ms: number;
  error: string | null;
};

export const agents = pgTable(
  "agents",
  {
    id: id(),
    // Tenant and schedule are those of the run (written together by the tick); only run_id is a
    // foreign key: a tick inserts thousands of agents, and each extra key check costs as much as the
    // row itself (measured: 3 checks × 2,000 agents = 52 ms of a 185 ms write).
    // History: no cascades from schedules, items or journeys; agents outlive what spawned them.
    tenantId: uuid("tenant_id").notNull(),
    scheduleId: uuid("schedule_id"),
    runId: uuid("run_id").references(() => scheduleRuns.id, { onDelete: "cascade" }),
    itemId: uuid("item_id"),
    journeyId: uuid("journey_id").notNull(),
    testPlanId: uuid("test_plan_id"),
    projectId: uuid("project_id").notNull(),
    executor: text("executor").notNull().default("playwright"),
    status: text("status").$type<AgentStatus>().notNull().default("queued"),
    attempt: integer("attempt").notNull().default(1),
    queuedAt: ts("queued_at").notNull(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    durationMs: integer("duration_ms"),
    error: text("error"),
    steps: jsonb("steps").$type<AgentStep[]>().notNull().default([]),
    screenshotUrl: text("screenshot_url"),
    // Worker lease: a claim expires so a dead worker's agent is retried (docs/domain.md "Agents").
    leaseOwner: text("lease_owner"),
    leaseUntil: ts("lease_until"),
    // Per-agent token for webhook executors reporting back; stored hashed.
    resultTokenHash: text("result_token_hash"),
    createdAt: createdAt(),
  },
  (t) => [
    index("agents_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    index("agents_run_idx").on(t.runId),
    index("agents_schedule_created_idx").on(t.scheduleId, t.createdAt),
    index("agents_claim_idx").on(t.status, t.queuedAt).where(sql`${t.status} in ('queued','running')`),
    // Retention deletes the oldest agents in batches (RETENTION_DAYS).
    index("agents_created_idx").on(t.createdAt),
    // An external agent's report finds its agent by the token's hash (only handed-off agents have one).
    index("agents_result_token_idx").on(t.resultTokenHash).where(sql`${t.resultTokenHash} is not null`),
  ],
);

// The PNG of an agent's failing step. In the database so that a deployment without a persistent
// disk (Vercel) keeps it; at 1280×720 a screenshot is ~20–300 kB (README "Screenshots").
export const agentScreenshots = pgTable("agent_screenshots", {
  agentId: uuid("agent_id")
    .primaryKey()
    .references(() => agents.id, { onDelete: "cascade" }),
  tenantId: uuid("tenant_id").notNull(),
  png: bytea("png").notNull(),
  createdAt: createdAt(),
});

export const findings = pgTable(
  "findings",
  {
    id: id(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id").notNull().references(() => agents.id, { onDelete: "cascade" }),
    severity: text("severity").$type<Severity>().notNull(),
    title: text("title").notNull(),
    detail: text("detail").notNull().default(""),
    step: integer("step"),
    createdAt: createdAt(),
  },
  (t) => [index("findings_agent_idx").on(t.agentId)],
);

// The tenant's agents per local day: a guarded counter (`used + n <= limit`) so concurrent ticks
// cannot overspend; a new local date is a new row, so nothing has to reset at midnight.
export const tenantDailyUsage = pgTable(
  "tenant_daily_usage",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    localDate: text("local_date").notNull(),
    used: integer("used").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.localDate] })],
);

// Local outbox: digests land here when no RESEND_API_KEY is set (viewable in the UI). The unique
// idempotency key is written before sending so a retry never sends twice.
export const emails = pgTable(
  "emails",
  {
    id: id(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    scheduleId: uuid("schedule_id").references(() => schedules.id),
    idempotencyKey: text("idempotency_key").notNull(),
    transport: text("transport").$type<"outbox" | "resend">().notNull(),
    status: text("status").$type<"pending" | "sent" | "failed">().notNull().default("pending"),
    recipients: text("recipients").array().notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    runIds: uuid("run_ids").array().notNull().default(sql`'{}'::uuid[]`),
    messageId: text("message_id"),
    error: text("error"),
    // Sends tried so far, and when the next may be (backoff after a failure; at most 5 tries).
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at"),
    sentAt: ts("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("emails_idempotency_uq").on(t.idempotencyKey),
    // The send pass looks only at what is still to send.
    index("emails_pending_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("emails_schedule_created_idx").on(t.scheduleId, t.createdAt, t.id),
    index("emails_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
  ],
);

// People who sign in to the web UI (better-auth, lib/auth/people.ts). The four tables are better-auth's
// core schema (user, session, account, verification) with its field names as the property names; each
// user belongs to one tenant, which scopes everything the UI shows.
export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    tenantId: uuid("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email), index("users_tenant_idx").on(t.tenantId)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    token: text("token").notNull(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    expiresAt: ts("expires_at").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("sessions_token_uq").on(t.token), index("sessions_user_idx").on(t.userId)],
);

export const accounts = pgTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: ts("access_token_expires_at"),
    refreshTokenExpiresAt: ts("refresh_token_expires_at"),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("accounts_user_idx").on(t.userId)],
);

export const verifications = pgTable(
  "verifications",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: ts("expires_at").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("verifications_identifier_idx").on(t.identifier)],
);

// Liveness of the background services for GET /api/health (lib/health.ts): the cron pass (`cron`) and
// each agent worker (`worker:<owner>`). One row per service, overwritten by its heartbeat; a worker
// that stops removes its own, and rows of workers that died without stopping are pruned after a day.
// No tenant data: names, times and the last failure's time only.
export const serviceHeartbeats = pgTable(
  "service_heartbeats",
  {
    name: text("name").primaryKey(),
    kind: text("kind").$type<"cron" | "worker">().notNull(),
    /** The last success: a completed cron pass, or a worker's loop still turning. */
    at: ts("at"),
    /** The last cron pass that failed (null: none since the row was made). */
    failedAt: ts("failed_at"),
  },
  (t) => [index("service_heartbeats_kind_idx").on(t.kind, t.at)],
);

// OpenAPI 3.1 document generated from the very zod schemas the handlers validate with, so the
// published contract cannot drift from the code.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { CreateJourney, Journey, JourneyListQuery, UpdateJourney } from "@/lib/journeys/schemas";
import { CreateProject, Project, UpdateProject } from "@/lib/projects/schemas";
import {
  AddItem,
  CreateSchedule,
  ReorderItems,
  Schedule,
  ScheduleItem,
  ScheduleListQuery,
  UpdateItem,
  UpdateSchedule,
} from "@/lib/schedules/schemas";
import { Agent, AgentListQuery, AgentResultReport, AgentSummary } from "@/lib/agents/schemas";
import { ApiKey, Budget, CreateApiKey, CreateTenant, Tenant, UpdateTenant } from "@/lib/tenants/schemas";
import { CreateTestPlan, TestPlan, TestPlanListQuery, UpdateTestPlan } from "@/lib/test-plans/schemas";
import { CalendarQuery, ScheduleCalendar, ScheduleRun, TickPreview } from "@/lib/tick/schemas";
import { DigestPreview, DigestPreviewRequest, ForcedDigest, OutboxMessage, OutboxQuery } from "@/lib/digest/schemas";
import { Health } from "@/lib/health/schemas";
import { registerOp } from "./register";

const listOf = (item: z.ZodType, id: string) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable() }).meta({ id });

const IdParam = (name: string, description: string) =>
  z.object({ [name]: z.string().meta({ format: "uuid", description }) });

const ListParams = z.object({
  limit: z.int().min(1).max(100).optional().meta({ description: "Page size (default 50)" }),
  cursor: z.string().optional().meta({ description: "next_cursor of the previous page" }),
});

function crud(
  registry: OpenAPIRegistry,
  spec: {
    base: string;
    tag: string;
    noun: string;
    create: z.ZodType;
    update: z.ZodType;
    view: z.ZodType;
    query?: z.ZodObject;
    /** Extra statuses DELETE can answer (projects: 409 while they have schedules). */
    deleteErrors?: number[];
  },
) {
  const id = IdParam("id", `${spec.noun} id`);
  const list = listOf(spec.view, `${spec.tag}List`);
  const query = spec.query ? ListParams.extend(spec.query.shape) : ListParams;
  registerOp(registry, { method: "get", path: spec.base, summary: `List ${spec.tag.toLowerCase()}`, tag: spec.tag, query, ok: { status: 200, schema: list, description: "A page" }, errors: [400, 401] });
  registerOp(registry, { method: "post", path: spec.base, summary: `Create a ${spec.noun}`, tag: spec.tag, body: spec.create, ok: { status: 201, schema: spec.view, description: "Created" }, errors: [400, 401, 404] });
  registerOp(registry, { method: "get", path: `${spec.base}/{id}`, summary: `Get a ${spec.noun}`, tag: spec.tag, params: id, ok: { status: 200, schema: spec.view, description: "OK" }, errors: [401, 404] });
  registerOp(registry, { method: "patch", path: `${spec.base}/{id}`, summary: `Update a ${spec.noun}`, tag: spec.tag, params: id, body: spec.update, ok: { status: 200, schema: spec.view, description: "Updated" }, errors: [400, 401, 404] });
  registerOp(registry, { method: "delete", path: `${spec.base}/{id}`, summary: `Delete a ${spec.noun}`, tag: spec.tag, params: id, ok: { status: 204, description: "Deleted" }, errors: [401, 404, ...(spec.deleteErrors ?? [])] });
}

export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer", description: "A tenant API key" });
  registry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: "better-auth.session_token", description: "The web UI's signed-in session (same-origin writes only)" });
  registry.registerComponent("securitySchemes", "adminToken", { type: "http", scheme: "bearer", description: "ADMIN_TOKEN" });
  registry.registerComponent("securitySchemes", "agentToken", { type: "http", scheme: "bearer", description: "The single-use result token handed to an external agent with its job (webhook executor)" });

  crud(registry, { base: "/api/v1/projects", tag: "Projects", noun: "project", create: CreateProject, update: UpdateProject, view: Project, deleteErrors: [409] });
  crud(registry, { base: "/api/v1/journeys", tag: "Journeys", noun: "journey", create: CreateJourney, update: UpdateJourney, view: Journey, query: JourneyListQuery });
  crud(registry, { base: "/api/v1/test-plans", tag: "TestPlans", noun: "test plan", create: CreateTestPlan, update: UpdateTestPlan, view: TestPlan, query: TestPlanListQuery });
  crud(registry, { base: "/api/v1/schedules", tag: "Schedules", noun: "schedule", create: CreateSchedule, update: UpdateSchedule, view: Schedule, query: ScheduleListQuery });

  const sid = IdParam("id", "Schedule id");
  const itemParams = sid.extend({ itemId: z.string().meta({ format: "uuid", description: "Item id (journey or test-plan item)" }) });
  registerOp(registry, { method: "post", path: "/api/v1/schedules/{id}/items", summary: "Add a journey or test plan to a schedule", tag: "Schedules", params: sid, body: AddItem, ok: { status: 201, schema: ScheduleItem, description: "Item added" }, errors: [400, 401, 404] });
  registerOp(registry, { method: "patch", path: "/api/v1/schedules/{id}/items/{itemId}", summary: "Change an item's priority", tag: "Schedules", params: itemParams, body: UpdateItem, ok: { status: 200, schema: ScheduleItem, description: "Updated" }, errors: [400, 401, 404] });
  registerOp(registry, { method: "delete", path: "/api/v1/schedules/{id}/items/{itemId}", summary: "Remove a journey or test-plan item", tag: "Schedules", params: itemParams, ok: { status: 204, description: "Removed" }, errors: [401, 404] });
  registerOp(registry, { method: "put", path: "/api/v1/schedules/{id}/items/order", summary: "Reorder items (first = highest priority)", tag: "Schedules", params: sid, body: ReorderItems, ok: { status: 200, schema: z.array(ScheduleItem), description: "Items in their new order" }, errors: [400, 401, 404] });
  registerOp(registry, { method: "get", path: "/api/v1/schedules/{id}/runs", summary: "A schedule's runs (audit trail), newest first", tag: "Schedules", params: sid, query: ListParams, ok: { status: 200, schema: listOf(ScheduleRun, "ScheduleRunList"), description: "A page" }, errors: [400, 401, 404] });
  registerOp(registry, { method: "post", path: "/api/v1/schedules/{id}/trigger", summary: "Tick now (manual trigger; moves no slot)", tag: "Schedules", params: sid, ok: { status: 200, schema: ScheduleRun, description: "The run the tick wrote" }, errors: [401, 404] });
  registerOp(registry, { method: "get", path: "/api/v1/schedules/{id}/preview", summary: "What a tick now would select, with scores and forecast", tag: "Schedules", params: sid, ok: { status: 200, schema: TickPreview, description: "The preview" }, errors: [401, 404] });
  registerOp(registry, { method: "get", path: "/api/v1/schedules/{id}/calendar", summary: "The coming ticks over the next days (1–14), from the forecast's simulation, with gaps and the budget coverage needs", tag: "Schedules", params: sid, query: CalendarQuery, ok: { status: 200, schema: ScheduleCalendar, description: "The calendar" }, errors: [400, 401, 404] });
  registerOp(registry, { method: "get", path: "/api/v1/agents", summary: "List agents (filter by schedule, run, status), newest first", tag: "Agents", query: ListParams.extend(AgentListQuery.shape), ok: { status: 200, schema: listOf(AgentSummary, "AgentList"), description: "A page" }, errors: [400, 401] });
  registerOp(registry, { method: "get", path: "/api/v1/agents/{id}", summary: "One agent with its steps and findings", tag: "Agents", params: IdParam("id", "Agent id"), ok: { status: 200, schema: Agent, description: "OK" }, errors: [401, 404] });
  registerOp(registry, { method: "get", path: "/api/v1/agents/{id}/screenshot", summary: "The PNG of the agent's failing step (its screenshot_url)", tag: "Agents", params: IdParam("id", "Agent id"), ok: { status: 200, mediaType: "image/png", schema: z.string().meta({ format: "binary" }), description: "A PNG image" }, errors: [401, 404] });
  registerOp(registry, { method: "post", path: "/api/v1/agents/{id}/result", summary: "An external agent reports its result, once, with the token its job carried (webhook executor)", tag: "Agents", auth: "agent", params: IdParam("id", "Agent id"), body: AgentResultReport, ok: { status: 200, schema: Agent, description: "The agent with the reported result" }, bodyLimit: "2 MB", errors: [400, 401, 404] });

  registerOp(registry, { method: "post", path: "/api/v1/schedules/{id}/digest", summary: "Send a digest now, covering the runs since the last digest (at least the latest); at most once a minute per schedule", tag: "Digest", params: sid, ok: { status: 200, schema: ForcedDigest, description: "The digest sent (or queued for retry when the send failed)" }, errors: [400, 401, 404, 429] });
  registerOp(registry, { method: "post", path: "/api/v1/schedules/{id}/digest/preview", summary: "Render the digest email with the given (or saved) settings for the latest run, or sample data when none ran; writes and sends nothing", tag: "Digest", params: sid, body: DigestPreviewRequest, ok: { status: 200, schema: DigestPreview, description: "The rendered email" }, errors: [400, 401, 404] });
  registerOp(registry, { method: "get", path: "/api/v1/outbox", summary: "Every digest message, whichever transport sent it, newest first", tag: "Digest", query: ListParams.extend(OutboxQuery.shape), ok: { status: 200, schema: listOf(OutboxMessage, "OutboxList"), description: "A page" }, errors: [400, 401] });
  registerOp(registry, { method: "get", path: "/api/v1/budget", summary: "The tenant's daily agent budget", tag: "Budget", ok: { status: 200, schema: Budget, description: "OK" }, errors: [401] });
  registerOp(registry, { method: "get", path: "/api/v1/api-keys", summary: "List API keys", tag: "ApiKeys", ok: { status: 200, schema: listOf(ApiKey, "ApiKeyList"), description: "OK" }, errors: [401] });
  registerOp(registry, { method: "post", path: "/api/v1/api-keys", summary: "Issue an API key (plaintext shown once)", tag: "ApiKeys", body: CreateApiKey, ok: { status: 201, schema: ApiKey.extend({ key: z.string() }), description: "Created" }, errors: [400, 401] });
  registerOp(registry, { method: "delete", path: "/api/v1/api-keys/{id}", summary: "Revoke an API key", tag: "ApiKeys", params: IdParam("id", "API key id"), ok: { status: 204, description: "Revoked" }, errors: [401, 404] });
  registerOp(registry, { method: "get", path: "/api/admin/tenants", summary: "List all tenants", tag: "Admin", auth: "admin", ok: { status: 200, schema: listOf(Tenant, "TenantList"), description: "OK" }, errors: [401, 404] });
  registerOp(registry, { method: "post", path: "/api/admin/tenants", summary: "Create a tenant and its first API key", tag: "Admin", auth: "admin", body: CreateTenant, ok: { status: 201, schema: z.object({ tenant: Tenant, api_key: z.string() }), description: "Created" }, errors: [400, 401, 404] });
  registerOp(registry, { method: "patch", path: "/api/admin/tenants/{id}", summary: "Update a tenant", tag: "Admin", auth: "admin", params: IdParam("id", "Tenant id"), body: UpdateTenant, ok: { status: 200, schema: z.object({ tenant: Tenant }), description: "Updated" }, errors: [400, 401, 404] });

  registerOp(registry, {
    method: "get",
    path: "/api/v1/openapi.json",
    summary: "This OpenAPI 3.1 document",
    tag: "Meta",
    auth: "none",
    ok: { status: 200, schema: z.record(z.string(), z.unknown()).meta({ description: "An OpenAPI 3.1 document" }), description: "The document" },
    errors: [],
  });

  // Outside /api/v1 but beside it (README "The API", "Health"): for load balancers and operators, so not an error envelope
  // either way; the 503 carries the same report.
  const healthBody = { "application/json": { schema: Health } };
  registry.registerPath({
    method: "get",
    path: "/api/health",
    summary: "Health: database reachable, migrations current, ages of the last cron pass and worker heartbeat (no auth, no tenant data)",
    operationId: "getApiHealth",
    tags: ["Meta"],
    security: [],
    responses: {
      200: { description: "Serving: status ok, or degraded when the cron pass or the workers are late", headers: { "Cache-Control": { schema: { type: "string" } } }, content: healthBody },
      503: {
        description: "Down: the database is unreachable or its migrations are behind this release",
        headers: { "Retry-After": { required: true, description: "Seconds before asking again", schema: { type: "integer" } } },
        content: healthBody,
      },
    },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Rota API",
      version: "1.0.0",
      description: "Budget-aware scheduling of automated user-journey tests.",
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    servers: [{ url: "/" }],
    tags: ["Projects", "Journeys", "TestPlans", "Schedules", "Agents", "Budget", "ApiKeys", "Admin", "Meta"].map((name) => ({ name, description: `${name} endpoints` })),
  });
}

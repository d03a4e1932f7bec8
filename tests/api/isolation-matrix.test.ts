// The isolation matrix (issue 11): every operation of the served OpenAPI document is called with
// tenant B's credentials on tenant A's ids — B's API key, the session of B's person and of a stranger
// who signed up (the web UI's callers, docs/adr/0006), and on the result webhook B's agent's result
// token — and must answer 404 (401 where the credential is not one the route takes) while reading
// nothing of A's and writing nothing. The operations come from the document at run time and are
// matched against the table below, so a new route that the table does not know fails this test
// until someone says what B must get from it. "Nothing read": no response to B carries any id of
// A's (or the marker in A's names). "Nothing written": every row of A's (each table with a
// tenant_id, and the tables hanging off those) is the same before and after, and no table anywhere
// gains or loses a row except those the callers deliberately create in their own tenants.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { claimAgents } from "@/lib/agents/queue";
import { generateResultToken, hashResultToken } from "@/lib/agents/webhook";
import { executeClaimed } from "@/lib/agents/worker";
import { seedPerson } from "@/lib/auth/people";
import { queryRows, type Db } from "@/lib/db";
import { setRequestClock } from "@/lib/http/clock";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { failed, passed, ScriptedExecutor } from "../helpers/scripted-executor";
import { cookieOf, signIn, signUp, type Session } from "../helpers/people";
import { describeApi, type ApiEnv } from "./setup";

// Requests and the queue read this clock: the budget day and the digest's rate limit must not
// depend on when the suite runs.
const NOW = new Date("2026-06-10T10:00:00.000Z");
const METHODS = ["get", "put", "post", "delete", "patch"] as const;
const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** B's API key, B's person's session, a signed-up stranger's session, B's agent's result token. */
type Caller = "key" | "session" | "signed_up" | "agent_token";
type Expectation =
  | { kind: "not_found" }
  | { kind: "unauthorized" }
  /** 400 validation_error: B's own resource, with one of A's ids in the body (README "The API": an item of another project is refused). */
  | { kind: "validation_error" }
  /** 200 with a list; `empty` when the request's filter names one of A's ids. */
  | { kind: "list"; empty: boolean }
  /** B creates something in its own tenant (no id of A's can be named): 201, counted below. */
  | { kind: "created"; table: string }
  /** 200 with B's own data (or public data): checked only for leaks. */
  | { kind: "ok" };

type Case = {
  path: string;
  body?: unknown;
  expect: Expectation | Partial<Record<Caller, Expectation>>;
  /** false: a read that mixes B's ids in, which A's own key would not see through either. */
  control?: false;
};

/** Tenant A's ids (everything the matrix aims at) and B's own, for the few cases that mix them. */
type Ids = {
  tenant: string;
  project: string;
  journey: string;
  journeys: string[];
  plan: string;
  schedule: string;
  journeyItem: string;
  planItem: string;
  items: string[];
  run: string;
  failedAgent: string;
  handedOffAgent: string;
  apiKey: string;
  b: { project: string; schedule: string; plan: string };
};

const notFound: Expectation = { kind: "not_found" };
const unauthorized: Expectation = { kind: "unauthorized" };
/** On B's own resource with one of A's ids in the body: 400 for B; the stranger owns neither (404). */
const invalid: Partial<Record<Caller, Expectation>> = { key: { kind: "validation_error" }, session: { kind: "validation_error" }, signed_up: notFound };
const list = (empty: boolean): Expectation => ({ kind: "list", empty });
const PROJECT_BODY = { name: "Bravo's", base_url: "https://bravo.test" };
const TENANT_CALLERS: Caller[] = ["key", "session", "signed_up"];

type Operation = { callers: Caller[]; cases: (a: Ids) => Case[] };

/**
 * What B gets from every documented operation. Keyed `METHOD /path/template` exactly as the
 * document spells it; an operation missing here fails the test by name.
 */
const MATRIX: Record<string, Operation> = {
  "GET /api/v1/openapi.json": { callers: TENANT_CALLERS, cases: () => [{ path: "/api/v1/openapi.json", expect: { kind: "ok" } }] },
  "GET /api/health": { callers: TENANT_CALLERS, cases: () => [{ path: "/api/health", expect: { kind: "ok" } }] },

  "GET /api/v1/projects": { callers: TENANT_CALLERS, cases: () => [{ path: "/api/v1/projects", expect: list(false) }] },
  "POST /api/v1/projects": {
    callers: TENANT_CALLERS,
    cases: () => [{ path: "/api/v1/projects", body: PROJECT_BODY, expect: { kind: "created", table: "projects" } }],
  },
  "GET /api/v1/projects/{id}": { callers: TENANT_CALLERS, cases: (a) => [{ path: `/api/v1/projects/${a.project}`, expect: notFound }] },
  "PATCH /api/v1/projects/{id}": {
    callers: TENANT_CALLERS,
    cases: (a) => [{ path: `/api/v1/projects/${a.project}`, body: PROJECT_BODY, expect: notFound }],
  },
  "DELETE /api/v1/projects/{id}": { callers: TENANT_CALLERS, cases: (a) => [{ path: `/api/v1/projects/${a.project}`, expect: notFound }] },

  "GET /api/v1/journeys": {
    callers: TENANT_CALLERS,
    cases: (a) => [
      { path: "/api/v1/journeys", expect: list(false) },
      { path: `/api/v1/journeys?project_id=${a.project}`, expect: list(true) },
    ],
  },
  "POST /api/v1/journeys": {
    callers: TENANT_CALLERS,
    cases: (a) => [{ path: "/api/v1/journeys", body: { project_id: a.project, name: "Bravo's" }, expect: notFound }],
  },
  "GET /api/v1/journeys/{id}": {
    callers: TENANT_CALLERS,
    cases: (a) => a.journeys.map((id) => ({ path: `/api/v1/journeys/${id}`, expect: notFound })),
  },
  "PATCH /api/v1/journeys/{id}": {
    callers: TENANT_CALLERS,
    cases: (a) => [
      { path: `/api/v1/journeys/${a.journey}`, body: { name: "Bravo's", steps: [{ action: "goto", path: "/" }] }, expect: notFound },
    ],
  },
  "DELETE /api/v1/journeys/{id}": { callers: TENANT_CALLERS, cases: (a) => [{ path: `/api/v1/journeys/${a.journey}`, expect: notFound }] },

  "GET /api/v1/test-plans": {
    callers: TENANT_CALLERS,
    cases: (a) => [
      { path: "/api/v1/test-plans", expect: list(false) },
      { path: `/api/v1/test-plans?project_id=${a.project}`, expect: list(true) },
    ],
  },
  "POST /api/v1/test-plans": {
    callers: TENANT_CALLERS,
    cases: (a) => [
      { path: "/api/v1/test-plans", body: { project_id: a.project, name: "Bravo's", journey_ids: a.journeys }, expect: notFound },
      // B's own project, A's journeys: a plan cannot take in another tenant's journey.
      { path: "/api/v1/test-plans", body: { project_id: a.b.project, name: "Bravo's", journey_ids: [a.journey] }, expect: invalid },
    ],
  },
  "GET /api/v1/test-plans/{id}": { callers: TENANT_CALLERS, cases: (a) => [{ path: `/api/v1/test-plans/${a.plan}`, expect: notFound }] },
  "PATCH /api/v1/test-plans/{id}": {
    callers: TENANT_CALLERS,
    cases: (a) => [
      { path: `/api/v1/test-plans/${a.plan}`, body: { name: "Bravo's", journey_ids: [a.journey] }, expect: notFound },
      { path: `/api/v1/test-plans/${a.b.plan}`, body: { journey_ids: [a.journey] }, expect: invalid },
    ],
  },
  "DELETE /api/v1/test-plans/{id}": { callers: TENANT_CALLERS, cases: (a) => [{ path: `/api/v1/test-plans/${a.plan}`, expect: notFound }] },

  "GET /api/v1/schedules": {
    callers: TENANT_CALLERS,
    cases: (a) => [
      { path: "/api/v1/schedules", expect: list(false) },
      { path: `/api/v1/schedules?project_id=${a.project}`, expect: list(true) },
    ],
  },
  "POST /api/v1/schedules": {
    callers: TENANT_CALLERS,
    cases: (a) => [{ path: "/api/v1/schedules", body: { project_id: a.project, name: "Bravo's" }, expect: notFound }],
  },
  "GET /api/v1/schedules/{id}": { callers: TENANT_CALLERS, cases: (a) => [{ path: `/api/v1/schedules/${a.schedule}`, expect: notFound }] },
  "PATCH /api/v1/schedules/{id}": {
    callers: TENANT_CALLERS,
    cases: (a) => [
      { path: `/api/v1/schedules/${a.schedule}`, body: { name: "Bravo's", enabled: false, daily_budget: 0, digest_config: null }, expect: notFound },
    ],
  },
  "DELETE /api/v1/schedules/{id}": { callers: TENANT_CALLERS, cases: (a) => [{ path: `/api/v1/schedules/${a.schedule}`, expect: notFound }] },
  "POST /api/v1/schedules/{id}/items": {
    callers: TENANT_CALLERS,
    cases: (a) => [
      { path: `/api/v1/schedules/${a.schedule}/items`, body: { journey_id: a.journeys[2], priority: 3 }, expect: notFound },
      { path: `/api/v1/schedules/${a.schedule}/items`, body: { test_plan_id: a.plan, priority: 3 }, expect: notFound },
      // B's own schedule, A's journey or plan: not one of B's, so not addable (400, as for another project's).
      { path: `/api/v1/schedules/${a.b.schedule}/items`, body: { journey_id: a.journey }, expect: invalid },
      { path: `/api/v1/schedules/${a.b.schedule}/items`, body: { test_plan_id: a.plan }, expect: invalid },
    ],
  },
  "PATCH /api/v1/schedules/{id}/items/{itemId}": {
    callers: TENANT_CALLERS,
    cases: (a) => [
      ...a.items.map((item) => ({ path: `/api/v1/schedules/${a.schedule}/items/${item}`, body: { priority: 7 }, expect: notFound })),
      // B's own schedule with A's item: the item must be found through B's schedule, not by its id alone.
      { path: `/api/v1/schedules/${a.b.schedule}/items/${a.journeyItem}`, body: { priority: 7 }, expect: notFound },
    ],
  },
  "DELETE /api/v1/schedules/{id}/items/{itemId}": {
    callers: TENANT_CALLERS,
    cases: (a) => [
      ...a.items.map((item) => ({ path: `/api/v1/schedules/${a.schedule}/items/${item}`, expect: notFound })),
      { path: `/api/v1/schedules/${a.b.schedule}/items/${a.planItem}`, expect: notFound },
    ],
  },
  "PUT /api/v1/schedules/{id}/items/order": {
    callers: TENANT_CALLERS,
    cases: (a) => [
      { path: `/api/v1/schedules/${a.schedule}/items/order`, body: { item_ids: [...a.items].reverse() }, expect: notFound },
      // B's own schedule (one item), ordered with one of A's items: not a permutation of B's items.
      { path: `/api/v1/schedules/${a.b.schedule}/items/order`, body: { item_ids: [a.journeyItem] }, expect: invalid },
    ],
  },
  "GET /api/v1/schedules/{id}/runs": { callers: TENANT_CALLERS, cases: (a) => [{ path: `/api/v1/schedules/${a.schedule}/runs`, expect: notFound }] },
  "POST /api/v1/schedules/{id}/trigger": {
    callers: TENANT_CALLERS,
    cases: (a) => [{ path: `/api/v1/schedules/${a.schedule}/trigger`, expect: notFound }],
  },
  "GET /api/v1/schedules/{id}/preview": {
    callers: TENANT_CALLERS,
    cases: (a) => [{ path: `/api/v1/schedules/${a.schedule}/preview`, expect: notFound }],
  },
  "GET /api/v1/schedules/{id}/calendar": {
    callers: TENANT_CALLERS,
    cases: (a) => [{ path: `/api/v1/schedules/${a.schedule}/calendar?days=3`, expect: notFound }],
  },
  "POST /api/v1/schedules/{id}/digest": {
    callers: TENANT_CALLERS,
    cases: (a) => [{ path: `/api/v1/schedules/${a.schedule}/digest`, expect: notFound }],
  },
  "POST /api/v1/schedules/{id}/digest/preview": {
    callers: TENANT_CALLERS,
    cases: (a) => [
      { path: `/api/v1/schedules/${a.schedule}/digest/preview`, body: {}, expect: notFound },
      {
        path: `/api/v1/schedules/${a.schedule}/digest/preview`,
        body: { digest_config: { enabled: true, recipients: ["bravo@example.com"], send: "always", min_severity: null } },
        expect: notFound,
      },
    ],
  },

  "GET /api/v1/agents": {
    callers: TENANT_CALLERS,
    cases: (a) => [
      { path: "/api/v1/agents", expect: list(false) },
      { path: `/api/v1/agents?schedule_id=${a.schedule}`, expect: list(true) },
      { path: `/api/v1/agents?run_id=${a.run}`, expect: list(true) },
      { path: `/api/v1/agents?schedule_id=${a.schedule}&status=failed`, expect: list(true) },
      { path: `/api/v1/agents?schedule_id=${a.b.schedule}&run_id=${a.run}`, expect: list(true), control: false },
    ],
  },
  "GET /api/v1/agents/{id}": {
    callers: TENANT_CALLERS,
    cases: (a) => [a.failedAgent, a.handedOffAgent].map((id) => ({ path: `/api/v1/agents/${id}`, expect: notFound })),
  },
  "GET /api/v1/agents/{id}/screenshot": {
    callers: TENANT_CALLERS,
    cases: (a) => [{ path: `/api/v1/agents/${a.failedAgent}/screenshot`, expect: notFound }],
  },
  // The result webhook takes only a result token: an API key or a session is no credential there
  // (401); B's own agent's token names B's tenant, in which A's agent does not exist (404).
  "POST /api/v1/agents/{id}/result": {
    callers: [...TENANT_CALLERS, "agent_token"],
    cases: (a) =>
      [a.handedOffAgent, a.failedAgent].map((id) => ({
        path: `/api/v1/agents/${id}/result`,
        body: {
          status: "passed",
          steps: [{ index: 0, action: "open", status: "passed", duration_ms: 5, error: null }],
          findings: [],
          error: null,
          duration_ms: 5,
        },
        expect: { key: unauthorized, session: unauthorized, signed_up: unauthorized, agent_token: notFound },
      })),
  },

  "GET /api/v1/outbox": {
    callers: TENANT_CALLERS,
    cases: (a) => [
      { path: "/api/v1/outbox", expect: list(false) },
      { path: `/api/v1/outbox?schedule_id=${a.schedule}`, expect: list(true) },
    ],
  },
  "GET /api/v1/budget": { callers: TENANT_CALLERS, cases: () => [{ path: "/api/v1/budget", expect: { kind: "ok" } }] },
  "GET /api/v1/api-keys": { callers: TENANT_CALLERS, cases: () => [{ path: "/api/v1/api-keys", expect: list(false) }] },
  "POST /api/v1/api-keys": {
    callers: TENANT_CALLERS,
    cases: () => [{ path: "/api/v1/api-keys", body: { name: "Bravo's" }, expect: { kind: "created", table: "api_keys" } }],
  },
  "DELETE /api/v1/api-keys/{id}": { callers: TENANT_CALLERS, cases: (a) => [{ path: `/api/v1/api-keys/${a.apiKey}`, expect: notFound }] },

  // Operator routes: a tenant's key or session is no admin token.
  "GET /api/admin/tenants": { callers: TENANT_CALLERS, cases: () => [{ path: "/api/admin/tenants", expect: unauthorized }] },
  "POST /api/admin/tenants": {
    callers: TENANT_CALLERS,
    cases: () => [{ path: "/api/admin/tenants", body: { name: "Bravo's" }, expect: unauthorized }],
  },
  "PATCH /api/admin/tenants/{id}": {
    callers: TENANT_CALLERS,
    cases: (a) => [{ path: `/api/admin/tenants/${a.tenant}`, body: { daily_agent_budget: 0 }, expect: unauthorized }],
  },
};

/** "GET,POST projects · GET,PATCH,DELETE projects/{id} · …": the coverage, in the test's name. */
function coverageLine(operations: string[]): string {
  const byPath = new Map<string, string[]>();
  for (const op of operations) {
    const [method, path] = op.split(" ") as [string, string];
    const short = path.replace(/^\/api\/v1\//, "").replace(/^\/api\//, "");
    byPath.set(short, [...(byPath.get(short) ?? []), method]);
  }
  return [...byPath].map(([path, methods]) => `${methods.join(",")} ${path}`).join(" · ");
}

type Paths = { paths: Record<string, Record<string, unknown>> };

function documentedOperations(doc: Paths): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map((m) => `${m.toUpperCase()} ${path}`),
  );
}

/** A request as the signed-in UI sends it: the cookie, and Rota's Origin (so writes are same-origin). */
const sessionHeaders = (s: Session) => ({ cookie: s.cookie, origin: s.origin });

const STATIC_OPERATIONS = documentedOperations(buildOpenApiDocument() as unknown as Paths);

// --- snapshots: every row of a tenant, table by table ---

/** Tables without a tenant_id column, and how their rows belong to a tenant (null: to none). */
const HANGING_OFF: Record<string, ((tenantId: string) => SQL) | null> = {
  tenants: (t) => sql`id = ${t}`,
  test_plan_journeys: (t) => sql`test_plan_id in (select id from test_plans where tenant_id = ${t})`,
  sessions: (t) => sql`user_id in (select id from users where tenant_id = ${t})`,
  accounts: (t) => sql`user_id in (select id from users where tenant_id = ${t})`,
  // better-auth's email verification tokens are keyed by address, not by person or tenant; only
  // their count is compared (below).
  verifications: null,
  // The cron pass's and the workers' heartbeats (GET /api/health): the service's, no tenant's.
  service_heartbeats: null,
};

type Snapshot = Record<string, string[]>;

async function tablesOf(db: Db): Promise<{ name: string; tenantScoped: boolean }[]> {
  const rows = await queryRows<{ name: string; tenant_scoped: boolean }>(
    db,
    sql`select c.table_name as name, bool_or(c.column_name = 'tenant_id') as tenant_scoped
          from information_schema.columns c
          join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
         where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
         group by c.table_name order by c.table_name`,
  );
  return rows.map((r) => ({ name: r.name, tenantScoped: r.tenant_scoped }));
}

/** Every row of `tenantId`'s, as JSON text, sorted, per table; fails naming a table nobody classified. */
async function tenantRows(db: Db, tenantId: string): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const table of await tablesOf(db)) {
    let where: SQL;
    if (table.tenantScoped) where = sql`tenant_id = ${tenantId}`;
    else {
      expect(table.name in HANGING_OFF, `table ${table.name} has no tenant_id: say in HANGING_OFF how its rows belong to a tenant`).toBe(true);
      const of = HANGING_OFF[table.name];
      if (!of) continue;
      where = of(tenantId);
    }
    const rows = await queryRows<{ row: string }>(
      db,
      sql`select to_jsonb(x)::text as row from ${sql.identifier(table.name)} x where ${where} order by 1`,
    );
    out[table.name] = rows.map((r) => r.row);
  }
  return out;
}

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const { name } of await tablesOf(db)) {
    const [row] = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from ${sql.identifier(name)}`);
    out[name] = Number(row!.n);
  }
  return out;
}

// --- setup ---

/** A person of `tenantId`'s (as an operator adds a teammate), signed in: their session. */
async function personOf(baseUrl: string, db: Db, tenantId: string, who: string): Promise<Session> {
  const email = `${who}-${crypto.randomUUID()}@example.com`;
  const password = "a long enough password";
  await seedPerson(db, { tenantId, email, name: who, password }, NOW);
  const res = await signIn(baseUrl, email, password);
  expect(res.status, await res.clone().text()).toBe(200);
  return { cookie: cookieOf(res), origin: baseUrl };
}

/**
 * Runs what is queued, as a worker would (lib/agents/worker.ts `executeClaimed`): agents of a
 * journey named "Checkout" fail with a finding and a screenshot, the rest pass; with `handOff`, each
 * is handed to an external fleet instead (the webhook executor's path) and its result token kept.
 */
async function work(e: ApiEnv, opts: { limit: number; handOff?: Map<string, string> }) {
  const jobs = await claimAgents(e.db.db, { owner: "isolation", limit: opts.limit, now: NOW, leaseMs: 30_000 });
  const executor = new ScriptedExecutor(async (job, _signal, hooks) => {
    if (!opts.handOff) return { kind: "finished", result: job.journey.name === "Checkout" ? failed() : passed() };
    const token = generateResultToken();
    expect(await hooks.handOff(hashResultToken(token), 3_600_000)).toBe(true);
    opts.handOff.set(job.agentId, token);
    return { kind: "handed_off" };
  });
  for (const job of jobs) {
    await executeClaimed({ db: e.db.db, executor, owner: "isolation", now: () => NOW, elapsedMs: () => 0 }, job, new AbortController().signal);
  }
  return jobs;
}

/** Tenant A with one of everything the API shows; its names and descriptions carry `marker`. */
async function tenantA(e: ApiEnv, marker: string) {
  const { client, tenant } = await e.api.tenant({ name: `Alpha ${marker}` });
  // A person with a live session too, so that users, accounts and sessions rows are A's to keep.
  await personOf(e.api.baseUrl, e.db.db, tenant.id, "alpha");
  const project = await client.project({ name: `Alpha shop ${marker}`, base_url: "https://alpha.test" });
  const journeys = [];
  for (const name of ["Checkout", "Search", "Cart", "Unscheduled"]) {
    journeys.push(await client.journey(project.id, { name, description: marker, steps: [{ action: "goto", path: "/" }] }));
  }
  const plan = await client.testPlan(project.id, [journeys[1].id, journeys[2].id], { name: `Alpha plan ${marker}` });
  const schedule = await client.schedule(project.id, {
    name: `Alpha nightly ${marker}`,
    daily_budget: 3,
    digest_config: { enabled: true, recipients: ["alpha@example.com"], send: "always", min_severity: null },
  });
  const journeyItem = await client.item(schedule.id, { journey_id: journeys[0].id, priority: 2 });
  const planItem = await client.item(schedule.id, { test_plan_id: plan.id, priority: 1 });

  // Run 1: every agent finishes (Checkout fails: a finding and a screenshot), then a digest.
  const first = await client.post(`/api/v1/schedules/${schedule.id}/trigger`);
  expect(first.body).toMatchObject({ status: "dispatched", agents: { queued: 3 } });
  await work(e, { limit: 100 });
  const agentsOfFirst = await client.get(`/api/v1/agents?run_id=${first.body.id}&status=failed`);
  expect(agentsOfFirst.body.data).toHaveLength(1);
  const failedAgent = agentsOfFirst.body.data[0].id as string;
  expect((await client.get(`/api/v1/agents/${failedAgent}/screenshot`)).status).toBe(200);
  const digest = await client.post(`/api/v1/schedules/${schedule.id}/digest`);
  expect(digest.status, JSON.stringify(digest.body)).toBe(200);
  const apiKeys = await client.get("/api/v1/api-keys");
  return { client, tenant, project, journeys, plan, schedule, journeyItem, planItem, failedAgent, apiKey: apiKeys.body.data[0].id as string };
}

/**
 * Tenant B: its API key, a person's session, and an agent of its own handed off with a result token;
 * and a stranger who signed up (a workspace of their own, nothing in it).
 */
async function tenantB(e: ApiEnv) {
  const { client, tenant, key } = await e.api.tenant({ name: "Bravo" });
  const session = await personOf(e.api.baseUrl, e.db.db, tenant.id, "bravo");
  const stranger = await signUp(e.api.baseUrl, `stranger-${crypto.randomUUID()}@example.com`);
  const project = await client.project({ name: "Bravo shop", base_url: "https://bravo.test" });
  const journey = await client.journey(project.id, { name: "Bravo journey" });
  const plan = await client.testPlan(project.id, [journey.id], { name: "Bravo plan" });
  const schedule = await client.schedule(project.id, { name: "Bravo nightly", daily_budget: 1 });
  await client.item(schedule.id, { journey_id: journey.id });
  expect((await client.post(`/api/v1/schedules/${schedule.id}/trigger`)).status).toBe(200);
  const tokens = new Map<string, string>();
  expect(await work(e, { limit: 100, handOff: tokens })).toHaveLength(1);
  return { tenant, key, session, stranger, project, schedule, plan, agentToken: [...tokens.values()][0]! };
}

afterEach(() => setRequestClock(null));

describeApi("isolation matrix", (env) => {
  it(`tenant B's API key, B's and a signed-up stranger's sessions, and B's agent token on tenant A's ids: ${STATIC_OPERATIONS.length} operations (${coverageLine(STATIC_OPERATIONS)}) answer 404 (401 where the credential is not the route's), B reads nothing of A's, nothing is written`, async () => {
    const e = env();
    const { api, db } = e;
    setRequestClock(() => NOW);
    process.env.BETTER_AUTH_URL = api.baseUrl; // Rota's origin: the one a session's write may come from
    const marker = `alpha-${crypto.randomUUID()}`;

    const A = await tenantA(e, marker);
    const B = await tenantB(e);
    // Run 2 of A's: one agent handed off to the fleet (waiting for its report, token live), two queued.
    const second = await A.client.post(`/api/v1/schedules/${A.schedule.id}/trigger`);
    expect(second.body).toMatchObject({ status: "dispatched", agents: { queued: 3 } });
    const handedOff = new Map<string, string>();
    expect(await work(e, { limit: 1, handOff: handedOff })).toHaveLength(1);
    const ids: Ids = {
      tenant: A.tenant.id,
      project: A.project.id,
      journey: A.journeys[0].id,
      journeys: A.journeys.map((j: { id: string }) => j.id),
      plan: A.plan.id,
      schedule: A.schedule.id,
      journeyItem: A.journeyItem.id,
      planItem: A.planItem.id,
      items: [A.journeyItem.id, A.planItem.id],
      run: second.body.id,
      failedAgent: A.failedAgent,
      handedOffAgent: [...handedOff.keys()][0]!,
      apiKey: A.apiKey,
      b: { project: B.project.id, schedule: B.schedule.id, plan: B.plan.id },
    };

    // The served document is the one the matrix (and the test's name) enumerates, and the table
    // knows every operation in it: a new route fails here, by name, until it is added.
    const served = await api.get("/api/v1/openapi.json");
    const operations = documentedOperations(served.body);
    expect(operations.sort()).toEqual([...STATIC_OPERATIONS].sort());
    const unknown = operations.filter((op) => !(op in MATRIX));
    expect(unknown, `operations the isolation matrix does not cover; add them to MATRIX: ${unknown.join(", ")}`).toEqual([]);
    const stale = Object.keys(MATRIX).filter((op) => !operations.includes(op));
    expect(stale, "MATRIX entries the document no longer has").toEqual([]);

    // Controls: each read B is refused shows A's data to A (so B's 404 means "not yours", and B's
    // empty filtered list would not have been empty). Before the snapshot: A's own requests may
    // write its key's last_used_at.
    const headers: Record<Caller, Record<string, string>> = {
      key: { authorization: `Bearer ${B.key}` },
      session: sessionHeaders(B.session),
      signed_up: sessionHeaders(B.stranger),
      agent_token: { authorization: `Bearer ${B.agentToken}` },
    };
    for (const op of operations.filter((o) => o.startsWith("GET /api/v1/"))) {
      for (const c of MATRIX[op]!.cases(ids).filter((c) => c.control !== false)) {
        const res = await A.client.get(c.path);
        expect(res.status, `control: A's GET ${c.path}`).toBe(200);
        const expected = c.expect as Expectation;
        if (expected.kind === "list" && expected.empty) expect(res.body.data.length, `control: A's ${c.path} lists something`).toBeGreaterThan(0);
      }
    }

    const aBefore = await tenantRows(db.db, A.tenant.id);
    const bBefore = await tenantRows(db.db, B.tenant.id);
    const countsBefore = await rowCounts(db.db);
    // What B must never see: every id in A's rows, and the marker in A's names.
    const aSecrets = new Set(JSON.stringify(aBefore).match(UUID_RE)!.map((id) => id.toLowerCase()));
    expect(aSecrets.size).toBeGreaterThan(20);

    const table: string[] = [];
    const failures: string[] = [];
    const created = new Map<string, string[]>();
    for (const op of operations.sort()) {
      const [method] = op.split(" ") as [string, string];
      const { callers, cases } = MATRIX[op]!;
      // A case's path must be an instance of its operation's template: a typo would otherwise reach the
      // catch-all's 404, the very answer most cases expect.
      const template = new RegExp(`^${op.split(" ")[1]!.replace(/\{[^}]+\}/g, "[^/?]+")}(\\?.*)?$`);
      for (const c of cases(ids)) {
        expect(c.path, `${op}: case path`).toMatch(template);
        for (const caller of callers) {
          const expected = "kind" in c.expect ? (c.expect as Expectation) : (c.expect as Partial<Record<Caller, Expectation>>)[caller]!;
          const res = await api.request(method, c.path, c.body, { headers: headers[caller] });
          // A PNG (the screenshot route) is checked as the text of its bytes, and shown by its size.
          const text = JSON.stringify(res.body ?? null);
          const shown = res.headers.get("content-type")?.startsWith("application/json") ? text.slice(0, 200) : `<${res.bytes?.length ?? 0} bytes>`;
          const problems: string[] = [];
          const headerText = [...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n");
          const leaked = (`${text}\n${headerText}`.match(UUID_RE) ?? []).filter((id) => aSecrets.has(id.toLowerCase()));
          if (leaked.length > 0) problems.push(`leaks A's ids ${leaked.join(", ")}`);
          if (text.includes(marker) || headerText.includes(marker)) problems.push("leaks A's names");
          switch (expected.kind) {
            case "not_found":
            case "unauthorized":
            case "validation_error": {
              const status = { not_found: 404, unauthorized: 401, validation_error: 400 }[expected.kind];
              if (res.status !== status || res.body?.error?.code !== expected.kind) problems.push(`expected ${status} ${expected.kind}`);
              break;
            }
            case "list":
              if (res.status !== 200 || !Array.isArray(res.body?.data)) problems.push("expected 200 with a list");
              else if (expected.empty && res.body.data.length > 0) problems.push("expected an empty list");
              break;
            case "created":
              if (res.status !== 201) problems.push("expected 201 in B's own tenant");
              else created.set(expected.table, [...(created.get(expected.table) ?? []), res.body.id]);
              break;
            case "ok":
              if (res.status !== 200) problems.push("expected 200");
              break;
          }
          const line = `${method.padEnd(6)} ${c.path.replaceAll(/[0-9a-f-]{36}/g, "…")} as B's ${caller}: ${res.status}`;
          table.push(line);
          if (problems.length > 0) failures.push(`${line} ${shown} — ${problems.join("; ")}`);
        }
      }
    }
    // Soft: a leak and the rows it changed are reported together.
    expect.soft(failures, `isolation failures among ${table.length} requests:\n${table.join("\n")}`).toEqual([]);

    // B's budget is its own (1 agent today), not A's (6).
    const budget = await api.request("GET", "/api/v1/budget", undefined, { headers: headers.key });
    expect(budget.body.used_today).toBe(1);

    // Nothing of A's changed, row for row.
    expect(await tenantRows(db.db, A.tenant.id)).toEqual(aBefore);
    // B's rows: only what B created in its own tenant is new; its key's last_used_at may be written.
    const createdIds = new Set([...created.values()].flat());
    const bAfter = await tenantRows(db.db, B.tenant.id);
    const sansCreated = (rows: string[]) =>
      rows.filter((r) => !createdIds.has((JSON.parse(r) as { id?: string }).id ?? "")).map((r) => {
        const { last_used_at: _ignored, ...rest } = JSON.parse(r) as Record<string, unknown>;
        return rest;
      });
    expect(Object.fromEntries(Object.entries(bAfter).map(([t, rows]) => [t, sansCreated(rows)]))).toEqual(
      Object.fromEntries(Object.entries(bBefore).map(([t, rows]) => [t, sansCreated(rows)])),
    );
    // And no table anywhere gained or lost a row but those the callers created in their own tenants
    // (a project and a key each).
    const expectedCounts = { ...countsBefore };
    for (const [t, rows] of created) expectedCounts[t] = expectedCounts[t]! + rows.length;
    expect(created.get("projects")).toHaveLength(TENANT_CALLERS.length);
    expect(created.get("api_keys")).toHaveLength(TENANT_CALLERS.length);
    expect(await rowCounts(db.db)).toEqual(expectedCounts);
  });
});

// "Every UI data route" is every /api/v1 operation (ADR 0006) only while the UI has no other way to
// data: no server actions, no route handlers of its own, and pages that import no domain or database
// code but what finds the signed-in person. A page or action that reads the database itself would
// escape the matrix above, so it fails here instead.
const UI_ROOTS = ["app", "components"];
/** What UI code may import from lib/: zod schemas (forms validate with the API's own) and the config. */
const UI_MAY_IMPORT = [/^@\/lib\/[\w-]+\/schemas$/, /^@\/lib\/env$/];
const UI_EXCEPTIONS: Record<string, string[]> = {
  // The session's person and tenant, for the sign-in redirect and the sidebar; it reads no tenant data.
  "components/auth/current-person.ts": ["@/lib/db", "@/lib/auth/people", "@/lib/auth/session"],
  // The demo shop: a stand-in customer site with no tenant data.
  "app/demo-shop/[[...path]]/route.ts": ["@/lib/demo-shop/site"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

it("the web UI reaches tenant data only through /api/v1: no server actions, no data routes of its own, no database in its pages", () => {
  const files = UI_ROOTS.flatMap((root) => sourceFiles(root)).filter((f) => !f.startsWith(`app${path.sep}api${path.sep}`));
  expect(files.length).toBeGreaterThan(20);
  const problems: string[] = [];
  for (const file of files) {
    const name = file.split(path.sep).join("/");
    const text = readFileSync(file, "utf8");
    if (/^\s*["']use server["']/m.test(text)) problems.push(`${name}: a server action`);
    if (/(?:^|\/)route\.ts$/.test(name) && !(name in UI_EXCEPTIONS)) problems.push(`${name}: a route handler outside app/api`);
    if (/["'](?:\.\.\/)+lib\//.test(text)) problems.push(`${name}: imports lib/ by a relative path`);
    for (const [, spec] of text.matchAll(/["'](@\/lib\/[^"']+)["']/g)) {
      if (UI_MAY_IMPORT.some((re) => re.test(spec!)) || UI_EXCEPTIONS[name]?.includes(spec!)) continue;
      problems.push(`${name}: imports ${spec}`);
    }
  }
  expect(problems, "UI code that could read or write tenant data outside /api/v1 (and so outside the isolation matrix)").toEqual([]);
});

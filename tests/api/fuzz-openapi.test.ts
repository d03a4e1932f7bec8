// Hostile input against every operation of the served OpenAPI document, generated from the document
// itself (tests/helpers/openapi-arbitraries.ts), so a new endpoint is fuzzed the moment it is
// documented. For every JSON body, every query and every path parameter: never a 5xx; a body the
// document (or parse.ts's promises: depth, NUL, lone surrogates, size) refuses gets a 4xx in the
// error envelope; and a refused request writes nothing (every table of the database compared before
// and after). Also per body: 10 MB → 413 without being read whole, a non-JSON Content-Type → 415,
// malformed JSON → 400, an empty body = `{}`. Runs per operation: FUZZ_RUNS (default below; `npm
// run fuzz` runs more on a random seed). The seed is the run's FC_SEED (tests/setup/fast-check.ts).
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, afterEach, expect, it } from "vitest";
import { queryRows } from "@/lib/db";
import { claimAgents, handOffAgent } from "@/lib/agents/queue";
import { generateResultToken, hashResultToken } from "@/lib/agents/webhook";
import { setRequestClock } from "@/lib/http/clock";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, isUuid } from "@/lib/http/parse";
import { describeApi, type ApiEnv } from "./setup";
import { ADMIN_TOKEN, type ApiClient, type ApiResponse } from "../helpers/client";
import { assertConforms } from "../helpers/contract";
import { dispatch } from "../helpers/server";
import {
  BodyCheck,
  MB,
  assertSupported,
  deref,
  hostileArb,
  toJsonText,
  validArb,
  type GenContext,
  type OpenApiDoc,
  type Schema,
} from "../helpers/openapi-arbitraries";
import { seedFromEnv } from "../setup/seeds";

const FC_SEED = seedFromEnv("FC_SEED");
/** Generated bodies per operation (queries get RUNS / 2 + 4 per operation, path ids RUNS / 3 + 3). */
const RUNS = fuzzRuns();
const NOW = new Date("2026-05-06T08:17:00Z");
// A large run (npm run fuzz) takes minutes; the default takes well under one per database.
const TIMEOUT = 60_000 + RUNS * 8_000;

function fuzzRuns(): number {
  const raw = process.env.FUZZ_RUNS?.trim();
  if (!raw) return 10;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`FUZZ_RUNS must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}
console.log(`fuzz-openapi: FC_SEED=${FC_SEED} FUZZ_RUNS=${RUNS} (replay: FC_SEED=${FC_SEED} FUZZ_RUNS=${RUNS} npx vitest run tests/api/fuzz-openapi.test.ts)`);

const METHODS = ["get", "put", "post", "patch", "delete"] as const;
type Parameter = { name: string; in: string; required?: boolean; schema: Schema };
type Operation = {
  method: string;
  template: string;
  security: Record<string, string[]>[];
  parameters: Parameter[];
  /** JSON pointer of the request body's schema in the document, when it takes one. */
  bodyPointer?: string;
  bodySchema?: Schema;
  responses: Record<string, unknown>;
};

function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as
        | { security?: Record<string, string[]>[]; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, unknown> }
        | undefined;
      if (!op) continue;
      const content = op.requestBody?.content;
      if (content && !content["application/json"]) throw new Error(`${method.toUpperCase()} ${template}: a body that is not application/json cannot be fuzzed`);
      ops.push({
        method: method.toUpperCase(),
        template,
        security: op.security ?? [],
        parameters: op.parameters ?? [],
        bodyPointer: content ? `#/paths/${escape(template)}/${method}/requestBody/content/application~1json/schema` : undefined,
        bodySchema: content?.["application/json"]?.schema,
        responses: op.responses,
      });
    }
  }
  return ops;
}

const escape = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");
const label = (op: Operation) => `${op.method} ${op.template}`;
const scheme = (op: Operation) => Object.keys(op.security[0] ?? {})[0] ?? "none";
/** The body limit the document states for the operation (its 413's description), in bytes. */
function bodyLimit(op: Operation): number {
  const text = JSON.stringify(op.responses["413"] ?? "");
  const mb = /over (\d+) MB/.exec(text);
  return mb ? Number(mb[1]) * MB : MAX_BODY_BYTES;
}

// ------------------------------------------------------------------ the world the requests hit
type World = {
  tenantId: string;
  client: ApiClient;
  admin: ApiClient;
  agentClient: ApiClient;
  /** Path segment before a `{param}` → the id of a real object of the tenant. */
  ids: Record<string, string>;
  /** The same, of another tenant: must be a 404 for this tenant. */
  strangerIds: Record<string, string>;
};

/** A tenant owning one of everything the API names by id, so every path resolves. */
async function populate(e: ApiEnv, client: ApiClient, tenantId: string): Promise<Record<string, string>> {
  const project = await client.project();
  const j1 = await client.journey(project.id, { steps: [{ action: "goto", path: "/cart" }, { action: "click", text: "Buy" }] });
  const j2 = await client.journey(project.id, { name: "Search" });
  const plan = await client.testPlan(project.id, [j1.id, j2.id]);
  const schedule = await client.schedule(project.id, { digest_config: { recipients: ["qa@example.com"] } });
  const item = await client.item(schedule.id, { journey_id: j1.id, priority: 2 });
  await client.item(schedule.id, { test_plan_id: plan.id });
  const run = await client.post(`/api/v1/schedules/${schedule.id}/trigger`);
  expect(run.status).toBe(200);
  const key = await client.post("/api/v1/api-keys", { name: "Second" });
  expect(key.status).toBe(201);
  const agents = await client.get(`/api/v1/agents?run_id=${run.body.id}`);
  expect(agents.body.data.length).toBeGreaterThan(0);
  return {
    projects: project.id,
    journeys: j1.id,
    "test-plans": plan.id,
    schedules: schedule.id,
    items: item.id,
    agents: agents.body.data[0].id,
    "api-keys": key.body.id,
    tenants: tenantId,
    runs: run.body.id,
  };
}

async function makeWorld(e: ApiEnv): Promise<World> {
  const { client, tenant } = await e.api.tenant();
  const ids = await populate(e, client, tenant.id);
  const stranger = await e.api.tenant();
  const strangerIds = await populate(e, stranger.client, stranger.tenant.id);
  // Every agent so far taken by a worker that never reports: from now on the only queued agents are
  // the ones handOffToken() makes, so its claim takes this tenant's.
  await claimAgents(e.db.db, { owner: FUZZ_WORKER, limit: 100, now: NOW, leaseMs: DAY });
  const world: World = { tenantId: tenant.id, client, admin: e.api.as(ADMIN_TOKEN), agentClient: client, ids, strangerIds };
  await handOffToken(e, world);
  return world;
}

const FUZZ_WORKER = "fuzz-worker";
const DAY = 24 * 3_600_000;

/**
 * A fresh agent waiting for an external report, and its single-use result token, as the webhook
 * executor hands them out: the result route is fuzzed with a token that still holds (a report
 * accepted by the fuzz spends it, so it is renewed then).
 */
async function handOffToken(e: ApiEnv, world: World): Promise<void> {
  // Fuzzed bodies may have set the budgets to 0 or paused the schedule: a manual tick needs agents.
  const budget = await world.admin.patch(`/api/admin/tenants/${world.tenantId}`, { daily_agent_budget: 1_000_000 });
  expect(budget.status).toBe(200);
  expect((await world.client.patch(`/api/v1/schedules/${world.ids.schedules}`, { daily_budget: null })).status).toBe(200);
  const run = await world.client.post(`/api/v1/schedules/${world.ids.schedules}/trigger`);
  expect(run.status, JSON.stringify(run.body)).toBe(200);
  const [job] = await claimAgents(e.db.db, { owner: FUZZ_WORKER, limit: 1, now: NOW, leaseMs: DAY });
  expect(job?.tenantId).toBe(world.tenantId);
  const token = generateResultToken();
  const handed = await handOffAgent(e.db.db, { agentId: job!.agentId, owner: FUZZ_WORKER, resultTokenHash: hashResultToken(token), now: NOW, leaseMs: DAY });
  expect(handed).toBe(true);
  world.agentClient = e.api.as(token);
  world.ids.agents = job!.agentId;
}

function clientFor(world: World, op: Operation): ApiClient {
  const s = scheme(op);
  if (s === "apiKey") return world.client;
  if (s === "adminToken") return world.admin;
  if (s === "agentToken") return world.agentClient;
  if (s === "none") return world.client.as(undefined);
  throw new Error(`${label(op)}: unknown security scheme ${s}: teach the fuzz test which caller it takes`);
}

/** The path with every `{param}` replaced by the id of a real object (`override` for one of them). */
function pathFor(world: World, op: Operation, override?: { param: string; value: string }): string {
  const segments = op.template.split("/");
  return segments
    .map((seg, i) => {
      const param = /^\{(.+)\}$/.exec(seg)?.[1];
      if (!param) return seg;
      if (override?.param === param) return override.value;
      const collection = segments[i - 1]!;
      const id = world.ids[collection];
      if (!id) throw new Error(`${label(op)}: no object for {${param}} after "${collection}": add one to populate()`);
      return id;
    })
    .join("/");
}

// ------------------------------------------------------------------ what "nothing written" means
/** A digest of every row of every table; `last_used_at` (an API key's, refreshed by any request) left out. */
async function snapshot(e: ApiEnv): Promise<Record<string, string>> {
  let statement = snapshotStatements.get(e);
  if (!statement) {
    const tables = await queryRows<{ name: string }>(e.db.db, sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
    const parts = tables.map(
      ({ name }) =>
        `select '${name}' as t, count(*)::int as n, md5(coalesce(string_agg(j, ',' order by j), '')) as h ` +
        `from (select (to_jsonb(x) - 'last_used_at')::text as j from "${name}" x) s`,
    );
    statement = parts.join(" union all ");
    snapshotStatements.set(e, statement);
  }
  const rows = await queryRows<{ t: string; n: number; h: string }>(e.db.db, sql.raw(statement));
  return Object.fromEntries(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
}
const snapshotStatements = new WeakMap<ApiEnv, string>();

function expectEnvelope(res: ApiResponse, what: string) {
  expect(res.status, what).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  expect(Object.keys(res.body ?? {}), what).toEqual(["error"]);
  expect(res.body.error, what).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  if (res.body.error.code === "validation_error") expect(res.body.error.issues?.length, what).toBeGreaterThan(0);
}

const excerpt = (text: string) => (text.length > 200 ? `${JSON.stringify(text.slice(0, 200))}… (${text.length} chars)` : JSON.stringify(text));

/** Malformed or wrongly rooted JSON, whatever the schema. */
const rawGarbage = fc.oneof(
  fc.constantFrom(
    "{", "}", "{}}", "[", "nul", "{'a':1}", '{"a":1,}', '{"a":1}{"b":2}', "\u0000", '"\\ud800"', "[]", "null", "true", "0", '"x"',
    "NaN", "\ufeff{}", "\u00a0{}", '{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', "[".repeat(100),
  ),
  fc.string({ maxLength: 30 }),
);

type Body = { text: string; kind: "valid" | "hostile" | "raw" };

function bodies(ctx: GenContext, schema: Schema): fc.Arbitrary<Body> {
  return fc.oneof(
    { weight: 2, arbitrary: validArb(ctx, schema).map((v): Body => ({ text: toJsonText(v), kind: "valid" })) },
    { weight: 12, arbitrary: hostileArb(ctx, schema).map((v): Body => ({ text: toJsonText(v), kind: "hostile" })) },
    { weight: 2, arbitrary: rawGarbage.map((text): Body => ({ text, kind: "raw" })) },
  );
}

// ------------------------------------------------------------------ queries and path ids
/** Query values that are no integer at all, or out of range: refused whatever the coercion. */
function badInteger(s: Schema): fc.Arbitrary<string> {
  const min = (s.minimum as number) ?? -(2 ** 31);
  const max = (s.maximum as number) ?? 2 ** 31;
  return fc.oneof(
    fc.constantFrom("", "abc", "1.5", "NaN", "Infinity", "-Infinity", "1e999", "%00", "1%00", "%ED%A0%80", "9".repeat(400), "true", "null", "[]"),
    fc.constantFrom(String(min - 1), String(max + 1), String(2 ** 53 + 2), String(-(2 ** 63))),
    fc.integer({ min: max + 1 }).map(String),
  );
}

const cursorLike = (text: string) => Buffer.from(text).toString("base64url");
/** Strings, often crafted like a real cursor (base64url of "instant|uuid") with a part out of range. */
const hostileText = fc.oneof(
  fc.constantFrom("", "%00", "%ED%A0%80", "%FF%FE", "%C3%A9", "'%20or%201=1%20--", "%7Bid%7D", "undefined", "null"),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.integer({ min: 1_000, max: 3_000 }).map((n) => "x".repeat(n)),
  fc
    .tuple(
      fc.constantFrom("0999-12-31T23:59:59.999Z", "10000-01-01T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "2026-02-30T00:00:00.000Z", "2026-05-06T08:17:00Z", "1000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", ""),
      fc.oneof(fc.uuid(), fc.constantFrom("not-a-uuid", "", "00000000-0000-0000-0000-00000000000g")),
      fc.constantFrom("|", "||", ""),
    )
    .map(([iso, id, sep]) => cursorLike(`${iso}${sep}${id}`)),
);

/** A query string over the operation's parameters: each absent, valid or hostile, plus unknown ones. */
function queries(ctx: GenContext, params: Parameter[]): fc.Arbitrary<{ query: string; mustRefuse: string[] }> {
  const perParam = params.map((p) => {
    const s = deref(ctx.doc, p.schema);
    const valid = validArb(ctx, s).map((v) => ({ text: encodeURIComponent(String(v)), bad: false }));
    const hostile =
      s.type === "integer"
        ? badInteger(s).map((text) => ({ text, bad: true }))
        : hostileText.map((text) => ({ text, bad: refusesText(s, text) }));
    return fc.option(fc.oneof(valid, hostile), { nil: undefined }).map((v) => (v ? { name: p.name, ...v } : undefined));
  });
  const unknown = fc.array(
    fc.tuple(fc.constantFrom("__proto__", "constructor", "prototype", "foo", "limit[]", "%00"), fc.constantFrom("1", "x", "%00")),
    { maxLength: 2 },
  );
  return fc.tuple(fc.tuple(...perParam), unknown).map(([values, extras]) => {
    const set = values.filter((v): v is NonNullable<typeof v> => v !== undefined);
    const pairs = [...set.map((v) => `${v.name}=${v.text}`), ...extras.map(([k, v]) => `${k}=${v}`)];
    return { query: pairs.length > 0 ? `?${pairs.join("&")}` : "", mustRefuse: set.filter((v) => v.bad).map((v) => v.name) };
  });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Whether a string parameter's value, as the server decodes it, breaks the parameter's schema. */
function refusesText(s: Schema, encoded: string): boolean {
  const value = new URLSearchParams(`v=${encoded}`).get("v") ?? "";
  if (value.includes("\u0000") || LONE_SURROGATE.test(value)) return true;
  if (Array.isArray(s.enum)) return !s.enum.includes(value);
  if (s.format === "uuid" || typeof s.pattern === "string") {
    return !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value);
  }
  return false;
}

/**
 * Path ids that name nothing of this tenant. Well-formed percent-encoding only: Next answers a
 * malformed one (`%FF`) with its own 400 before any route handler runs.
 */
function garbageIds(strangerId: string | undefined): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom("not-a-uuid", "00000000-0000-0000-0000-000000000000", "%00", "%EF%BF%BD", "'%20or%201=1--", "%7Bid%7D", "%2F", "null", "undefined", "0", "-1"),
    fc.uuid(),
    fc.uuid().map((u) => u.toUpperCase()),
    fc.uuid().map((u) => `${u}x`),
    fc.uuid().map((u) => `%7B${u}%7D`),
    fc.integer({ min: 1_000, max: 4_000 }).map((n) => "a".repeat(n)),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }).map(encodeURIComponent).filter((s) => s !== "." && s !== ".."),
    ...(strangerId ? [fc.constant(strangerId)] : []),
  );
}

/** A 10 MB body produced on demand, counting what the server pulled. */
function tenMegabytes(): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  const CHUNK = 64 * 1024;
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= 10 * MB) return controller.close();
        const chunk = new Uint8Array(CHUNK).fill(0x20);
        if (pulled === 0) chunk.set(new TextEncoder().encode('{"pad":'));
        pulled += CHUNK;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

// ------------------------------------------------------------------ the suite
beforeEach(() => setRequestClock(() => NOW));
afterEach(() => setRequestClock(null));

const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
afterAll(() => {
  // The server runs in this process: a polluted prototype would show here.
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describeApi("OpenAPI fuzz", (env) => {
  let doc: OpenApiDoc;
  let ops: Operation[];
  let world: World;
  let check: BodyCheck;
  let ctx: GenContext;

  beforeAll(async () => {
    const e = env();
    doc = (await e.api.get("/api/v1/openapi.json")).body as OpenApiDoc;
    ops = operationsOf(doc);
    world = await makeWorld(e);
    check = new BodyCheck(doc, { maxDepth: MAX_JSON_DEPTH });
    ctx = { doc, ids: [...Object.values(world.ids), ...Object.values(world.strangerIds)] };
  });

  const bodyOps = () => ops.filter((op) => op.bodySchema);
  const queryOps = () => ops.filter((op) => op.parameters.some((p) => p.in === "query"));
  const pathOps = () => ops.filter((op) => op.parameters.some((p) => p.in === "path"));

  it("every request schema of the document is one the generator can fuzz", () => {
    expect(bodyOps().length).toBeGreaterThanOrEqual(16);
    expect(queryOps().length).toBeGreaterThanOrEqual(8);
    expect(pathOps().length).toBeGreaterThanOrEqual(20);
    for (const op of ops) {
      if (op.bodySchema) assertSupported(doc, op.bodySchema, `${label(op)} body`);
      for (const p of op.parameters) assertSupported(doc, p.schema, `${label(op)} ${p.in} ${p.name}`);
      // Every caller type has a client here, and every path param a real object behind it.
      clientFor(world, op);
      pathFor(world, op);
    }
    console.log(`fuzz-openapi: ${ops.length} operations; ${bodyOps().length} with a JSON body, ${queryOps().length} with query parameters, ${pathOps().length} with path ids`);
  });

  it(
    `every JSON body: ${RUNS} generated bodies each; a refused one is a 4xx envelope and writes nothing`,
    async () => {
      const e = env();
      // The state after one request is the state before the next (one snapshot per request).
      let state: Record<string, string> | null = null;
      const statuses: Record<number, number> = {};
      let refusals = 0;
      for (const op of bodyOps()) {
        const seen = { refused: 0, validationErrors: 0 };
        await fc.assert(
          fc.asyncProperty(bodies(ctx, op.bodySchema!), async (body) => {
            const what = `${label(op)} ${body.kind} ${excerpt(body.text)}`;
            const refusal = check.refusal(op.bodyPointer!, body.text, bodyLimit(op));
            const before = state ?? (await snapshot(e));
            state = null;
            const res = await clientFor(world, op).request(op.method, pathFor(world, op), undefined, { raw: body.text });
            const answer = `${what} → ${res.status} ${excerpt(JSON.stringify(res.body))}`;
            statuses[res.status] = (statuses[res.status] ?? 0) + 1;
            expect(res.status, answer).toBeLessThan(500);
            if (refusal !== null) {
              seen.refused++;
              expect(res.status, `must be refused (${refusal}): ${answer}`).toBeGreaterThanOrEqual(400);
            }
            if (res.status >= 400) {
              expectEnvelope(res, answer);
              if (res.body.error.code === "validation_error") seen.validationErrors++;
              const after = await snapshot(e);
              expect(after, `nothing written: ${answer}`).toEqual(before);
              state = after;
            } else if (scheme(op) === "agentToken") {
              await handOffToken(e, world); // the report was accepted: its token is spent
            }
          }),
          { numRuns: RUNS },
        );
        // The generator really produced refusals for this operation, and the schema caught some.
        expect(seen.refused, label(op)).toBeGreaterThanOrEqual(Math.ceil(RUNS / 3));
        expect(seen.validationErrors, label(op)).toBeGreaterThan(0);
        refusals += seen.refused;
      }
      const total = Object.values(statuses).reduce((a, b) => a + b, 0);
      console.log(`fuzz-openapi [${e.kind}]: ${total} bodies over ${bodyOps().length} operations, ${refusals} the document refuses; statuses ${JSON.stringify(statuses)}`);
    },
    TIMEOUT * 2,
  );

  it(
    "every JSON body: 10 MB is 413 without being read whole, and writes nothing",
    async () => {
      const e = env();
      await handOffToken(e, world);
      const tenMb = `{"pad":"${"a".repeat(10 * MB)}"}`;
      const before = await snapshot(e);
      for (const op of bodyOps()) {
        const client = clientFor(world, op);
        const path = pathFor(world, op);
        // Over HTTP, with the Content-Length fetch declares.
        const res = await client.request(op.method, path, undefined, { raw: tenMb });
        expect(res.status, label(op)).toBe(413);
        expect(res.body.error.code, label(op)).toBe("payload_too_large");
        // Streamed with no length: the handler stops pulling soon after the limit, whatever the
        // declared type (a text/plain body is not exempt from the limit by being refused as 415).
        for (const contentType of ["application/json", "text/plain"]) {
          const { stream, pulled } = tenMegabytes();
          const request = new Request(`${e.api.baseUrl}${path}`, {
            method: op.method,
            headers: { authorization: `Bearer ${client.key}`, "content-type": contentType },
            body: stream,
            duplex: "half",
          } as RequestInit);
          const streamed = await dispatch(request);
          const text = await streamed.text();
          await assertConforms(e.api.baseUrl, { method: op.method, path, status: streamed.status, headers: streamed.headers, text });
          expect(streamed.status, `${label(op)} streamed as ${contentType}: ${text}`).toBe(413);
          expect(pulled(), label(op)).toBeLessThanOrEqual(bodyLimit(op) + 2 * 64 * 1024);
        }
      }
      expect(await snapshot(e), "nothing written").toEqual(before);
    },
    TIMEOUT,
  );

  it(
    "every JSON body: a non-JSON Content-Type is 415, malformed JSON 400, an empty body the same as {}",
    async () => {
      const e = env();
      await handOffToken(e, world);
      for (const op of bodyOps()) {
        const client = clientFor(world, op);
        const path = pathFor(world, op);
        const [valid] = fc.sample(validArb(ctx, op.bodySchema!), { numRuns: 1, seed: FC_SEED });
        const json = toJsonText(valid);
        const refused: { contentType: string | null; raw: string }[] = [
          { contentType: "text/plain", raw: json },
          { contentType: "text/plain;charset=UTF-8", raw: json },
          { contentType: "application/x-www-form-urlencoded", raw: "name=x&base_url=https%3A%2F%2Fx.test" },
          { contentType: "multipart/form-data; boundary=fuzz", raw: `--fuzz\r\nContent-Disposition: form-data; name="json"\r\n\r\n${json}\r\n--fuzz--\r\n` },
          { contentType: "application/jsonp", raw: json },
          { contentType: "", raw: json },
          { contentType: null, raw: json },
          { contentType: "text/plain", raw: "" },
        ];
        // Every request below is refused, so one comparison around them all shows none wrote.
        const before = await snapshot(e);
        for (const { contentType, raw } of refused) {
          const what = `${label(op)} with content-type ${JSON.stringify(contentType)} ${excerpt(raw)}`;
          const res = await client.request(op.method, path, undefined, { raw, contentType });
          expect(res.status, `${what} → ${JSON.stringify(res.body)}`).toBe(415);
          expect(res.body.error.code, what).toBe("unsupported_media_type");
        }
        // JSON, however it is spelled, reaches the schema: an unknown field is a 400, not a 415.
        for (const contentType of ["application/json; charset=utf-8", "APPLICATION/JSON", "application/merge-patch+json"]) {
          const raw = '{"never_a_field":1}';
          expect(check.refusal(op.bodyPointer!, raw, bodyLimit(op)), label(op)).not.toBeNull();
          const res = await client.request(op.method, path, undefined, { raw, contentType });
          expect(res.status, `${label(op)} ${contentType} → ${JSON.stringify(res.body)}`).toBe(400);
        }
        for (const raw of ["{", "{'a':1}", '{"a":1}}']) {
          const res = await client.request(op.method, path, undefined, { raw });
          expect(res.status, `${label(op)} ${excerpt(raw)}`).toBe(400);
          expect(res.body.error.code).toBe("validation_error");
        }
        expect(await snapshot(e), `nothing written: ${label(op)}`).toEqual(before);
        // An empty body is `{}`: the same answer, with or without a JSON content type. (The result
        // route's `{}` lacks required fields, so it stays refused and its token unspent.)
        const braces = await client.request(op.method, path, undefined, { raw: "{}" });
        expect(braces.status).toBeLessThan(500);
        for (const contentType of ["application/json", null]) {
          const empty = await client.request(op.method, path, undefined, { raw: "", contentType });
          expect(empty.status, `${label(op)} empty body, content-type ${contentType}`).toBe(braces.status);
        }
      }
    },
    TIMEOUT,
  );

  it(
    `every query: ${Math.ceil(RUNS / 2) + 4} generated query strings each; bad parameters are 400, nothing is ever written`,
    async () => {
      const e = env();
      for (const op of queryOps()) {
        const params = op.parameters.filter((p) => p.in === "query");
        let refused = 0;
        // GETs write nothing, whatever they answer: one comparison around the whole property.
        const before = await snapshot(e);
        await fc.assert(
          fc.asyncProperty(queries(ctx, params), async ({ query, mustRefuse }) => {
            const path = pathFor(world, op) + query;
            const res = await clientFor(world, op).request(op.method, path);
            const what = `${op.method} ${excerpt(path)} → ${res.status} ${excerpt(JSON.stringify(res.body))}`;
            expect(res.status, what).toBeLessThan(500);
            if (mustRefuse.length > 0) {
              refused++;
              expect(res.status, `${mustRefuse.join(", ")} must be refused: ${what}`).toBe(400);
            }
            if (res.status >= 400) {
              expectEnvelope(res, what);
              expect(res.status, what).toBe(400);
            }
          }),
          { numRuns: Math.ceil(RUNS / 2) + 4 },
        );
        expect(await snapshot(e), `a GET writes nothing: ${label(op)}`).toEqual(before);
        expect(refused, label(op)).toBeGreaterThan(0);
      }
    },
    TIMEOUT,
  );

  it(
    `every path id: ${Math.ceil(RUNS / 3) + 3} garbage, unknown or other tenants' ids each are 4xx and write nothing`,
    async () => {
      const e = env();
      await handOffToken(e, world);
      for (const op of pathOps()) {
        const params = op.parameters.filter((p) => p.in === "path").map((p) => p.name);
        const tenantScoped = scheme(op) === "apiKey";
        // Every request is refused, so one comparison around the whole property shows none wrote.
        const before = await snapshot(e);
        const collectionOf = (param: string) => op.template.split("/")[op.template.split("/").indexOf(`{${param}}`) - 1]!;
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...params).chain((param) =>
              garbageIds(tenantScoped ? world.strangerIds[collectionOf(param)] : undefined).map((value) => ({ param, value })),
            ),
            async (override) => {
              const path = pathFor(world, op, override);
              const res = await clientFor(world, op).request(op.method, path, undefined, op.bodySchema ? { raw: "{}" } : {});
              const what = `${op.method} ${excerpt(path)} → ${res.status} ${excerpt(JSON.stringify(res.body))}`;
              expectEnvelope(res, what);
              if (scheme(op) === "agentToken") {
                // A result token names its agent: another id is someone else's (404) or a sibling's (401).
                expect([401, 404], what).toContain(res.status);
              } else if (op.bodySchema && isUuid(override.value)) {
                // A well-formed id is looked up after the body is judged: `{}` may be refused first.
                expect([400, 404], what).toContain(res.status);
              } else {
                expect(res.status, what).toBe(404);
              }
            },
          ),
          { numRuns: Math.ceil(RUNS / 3) + 3 },
        );
        expect(await snapshot(e), `nothing written: ${label(op)}`).toEqual(before);
      }
    },
    TIMEOUT,
  );
});

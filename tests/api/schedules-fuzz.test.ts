// Property tests of the Schedules API's input handling (README "The API"): whatever JSON a client sends to
// POST /api/v1/schedules or PATCH /api/v1/schedules/{id} — valid, nearly valid or garbage — the
// answer is never a 5xx, every 4xx carries the error envelope, a 400 writes nothing, and a valid
// body is accepted and echoed back.
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterEach, beforeEach, expect, it } from "vitest";
import { queryRows } from "@/lib/db";
import { setRequestClock } from "@/lib/http/clock";
import { describeApi, type ApiEnv } from "./setup";
import type { ApiResponse } from "../helpers/client";
import { SCHEDULE_DEFAULTS } from "../helpers/world";

const NUM_RUNS = 150;
const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000";
const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
const TIME_ZONES = ["UTC", ...Intl.supportedValuesOf("timeZone")];

// ------------------------------------------------------------------ values
/** Strings PostgreSQL and JSON make interesting: NUL, lone surrogates, astral and combining characters. */
const nastyChar = fc.oneof(
  fc.constantFrom("\u0000", "\ud800", "\udfff", "\u200b", "\ufeff", "\u202e", "é", "😀", "\u0301", "\n", "'", '"', "\\", "%", "|"),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: nastyChar, maxLength: 20 }),
  fc.constantFrom("", " ", "null", "true", "0", "-1", "1e999", "09:00", "Europe/Berlin", "../../etc/passwd", "'; drop table schedules; --"),
  fc.string({ minLength: 190, maxLength: 260 }),
);
const hugeNumber = fc.constantFrom(
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 63),
  1e21,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -0,
  0.1,
  168.0000001,
  1_000_001,
);
const anyNumber = fc.oneof(fc.integer({ min: -10, max: 200 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), hugeNumber);
/** Arbitrary JSON, nested, with hostile strings and numbers in it. */
const garbageValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    anyNumber,
    nastyString,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(nastyString, tie("value"), { maxKeys: 5 }),
  ),
})).value;

// ------------------------------------------------------------------ valid bodies
const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
const validName = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 60 }),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
    fc.string({ unit: "binary", minLength: 1, maxLength: 30 }),
    fc.string({ minLength: 195, maxLength: 200 }),
  )
  .filter((s) => s.trim().length > 0 && s.length <= 200 && !s.includes("\u0000"));
/** Otherwise valid names PostgreSQL cannot store (NUL) or JSON cannot carry faithfully (lone surrogates). */
const unstorableName = fc
  .tuple(validName, fc.constantFrom("\u0000", "\ud800", "\udc00", "\udbff"), fc.nat())
  .map(([name, bad, at]) => {
    const i = at % (Math.min(name.length, 150) + 1);
    return name.slice(0, i) + bad + name.slice(i, 150);
  });
const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.stringMatching(/^[a-z]{1,12}$/), fc.constantFrom("com", "io", "co", "example"))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
const validDigest = fc.oneof(
  fc.constant(null),
  fc.record(
    {
      enabled: fc.boolean(),
      recipients: fc.array(email, { minLength: 1, maxLength: 50 }),
      send: fc.constantFrom("always", "on_failure"),
      min_severity: fc.constantFrom(null, ...SEVERITIES),
    },
    { requiredKeys: ["recipients"] },
  ),
);
const validFields = {
  name: validName,
  enabled: fc.boolean(),
  timezone: fc.constantFrom(...TIME_ZONES),
  run_time: hhmm,
  run_days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
  tick_interval_hours: fc.integer({ min: 1, max: 168 }),
  coverage_window_hours: fc.integer({ min: 1, max: 8760 }),
  daily_budget: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 1_000_000 })),
  digest_config: validDigest,
};
type Field = keyof typeof validFields;
const FIELDS = Object.keys(validFields) as Field[];

/** Values each field must refuse (the field rules of lib/schedules/schemas.ts). */
const invalidFields: Record<Field, fc.Arbitrary<unknown>> = {
  name: fc.oneof(fc.constantFrom("", "   ", null, 5, true, [], {}), fc.string({ minLength: 201, maxLength: 300 }).filter((s) => s.trim().length > 200)),
  enabled: fc.oneof(fc.constantFrom(null, "true", "yes", 0, 1, [], {})),
  timezone: fc.oneof(
    fc.constantFrom("", null, 1, "Mars/Olympus_Mons", "+01:00", "GMT+1", "Europe/Berlin ", "Europe//Berlin", "x".repeat(65)),
    fc.string({ unit: nastyChar, minLength: 1, maxLength: 5 }),
  ),
  run_time: fc.oneof(
    fc.constantFrom("24:00", "9:00", "09:60", "0900", "09:00:00", "9am", "", null, 900, " 09:00"),
    fc.tuple(fc.integer({ min: 24, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([h, m]) => `${h}:${String(m).padStart(2, "0")}`),
  ),
  run_days: fc.oneof(
    fc.constantFrom([], [0], [8], [1, 1], [1.5], ["1"], null, 1, [null], [1, 2, 3, 4, 5, 6, 7, 1]),
    fc.array(fc.integer({ min: 8, max: 1000 }), { minLength: 1, maxLength: 3 }),
  ),
  tick_interval_hours: fc.oneof(fc.constantFrom(0, 169, -1, 1.5, "24", null, 1e308, 2 ** 53), fc.integer({ min: 169 })),
  coverage_window_hours: fc.oneof(fc.constantFrom(0, 8761, -5, 2.5, "120", null, 1e21), fc.integer({ max: 0 })),
  daily_budget: fc.oneof(fc.constantFrom(-1, 1.5, "3", 1_000_001, 2 ** 53, 1e308, true, [], {}), fc.integer({ max: -1 })),
  digest_config: fc.oneof(
    fc.constantFrom(true, "on", [], {}, { recipients: [] }, { recipients: ["not-an-email"] }),
    fc.record({ recipients: fc.array(email, { minLength: 51, maxLength: 55 }) }),
    fc.record({ recipients: fc.constant(["qa@example.com"]), send: fc.constantFrom("sometimes", "", null, 1) }),
    fc.record({ recipients: fc.constant(["qa@example.com"]), min_severity: fc.constantFrom("urgent", "", 3, "HIGH") }),
    fc.record({ recipients: fc.constant(["qa@example.com"]), extra: garbageValue }),
    fc.record({ recipients: fc.array(nastyString, { minLength: 1, maxLength: 3 }).filter((r) => r.some((s) => !/^[a-z0-9]+@[a-z]+\.[a-z]+$/.test(s))) }),
  ),
};

const unknownKey = fc.oneof(
  fc.constantFrom("id", "tenant_id", "created_at", "effective_budget", "next_tick_at", "last_tick_at", "items", "colour", "__proto__", "constructor", "Name", "name "),
  nastyString.filter((k) => !(FIELDS as string[]).includes(k) && k !== "project_id"),
);

type Body = { kind: "valid" | "unstorable" | "near" | "garbage"; value: unknown } | { kind: "raw"; raw: string };

function bodies(projectIds: fc.Arbitrary<unknown>, forCreate: boolean): fc.Arbitrary<Body> {
  const fieldsRecord = fc.record(validFields, { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>;
  const valid = forCreate
    ? fc.tuple(fieldsRecord, validName).map(([fields, name]) => ({ ...fields, name }))
    : fieldsRecord;
  type Mutation = (b: Record<string, unknown>) => Record<string, unknown>;
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    // One field gets a value its rule refuses.
    fc.constantFrom(...FIELDS).chain((f) => invalidFields[f].map((bad): Mutation => (b) => ({ ...b, [f]: bad }))),
    // One field gets anything at all.
    fc.tuple(fc.constantFrom(...FIELDS, "project_id"), garbageValue).map(([f, v]): Mutation => (b) => ({ ...b, [f]: v })),
    // An unknown or read-only field is added.
    fc.tuple(unknownKey, garbageValue).map(([k, v]): Mutation => (b) => {
      const copy = { ...b };
      Object.defineProperty(copy, k, { value: v, enumerable: true, configurable: true, writable: true });
      return copy;
    }),
    // A required field goes missing (create) / project_id appears (update: immutable).
    fc.constantFrom<Mutation>(
      (b) => {
        const { name: _n, ...rest } = b;
        return rest;
      },
      (b) => {
        const { project_id: _p, ...rest } = b;
        return rest;
      },
      (b) => ({ ...b, project_id: UNKNOWN_UUID }),
    ),
  );
  const withProject = (b: Arbitrary<Record<string, unknown>>) =>
    forCreate ? fc.tuple(b, projectIds).map(([body, project_id]) => ({ project_id, ...body })) : b;
  const near = fc
    .tuple(withProject(valid), fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([b, ms]) => ms.reduce((acc, m) => m(acc), b));
  const knownKeysGarbage = fc.record(
    Object.fromEntries([...FIELDS, "project_id"].map((f) => [f, garbageValue])) as Record<string, fc.Arbitrary<unknown>>,
    { requiredKeys: [] },
  );
  const rawBodies = fc.oneof(
    fc.string(),
    fc.json(),
    fc.constantFrom("", "{", "{}}", "[]", "null", "true", "\"name\"", "{\"name\":\"x\",}", "{'name':'x'}", "\u0000", "{\"name\":\"\\u0000\"}"),
    // Number literals JSON.stringify cannot produce: beyond double range, beyond 2^64, exponents.
    fc.tuple(
      fc.constantFrom("tick_interval_hours", "coverage_window_hours", "daily_budget", "run_days", "name"),
      fc.constantFrom("1e999", "-1e999", "123456789012345678901234567890", "24.0", "1E1", "-0", "0.0000000000000000000001", "[1e999]"),
      projectIds,
    ).map(([f, lit, pid]) => `{"project_id":${JSON.stringify(pid)},"name":"Raw",${JSON.stringify(f)}:${lit}}`),
  );
  // Everything valid except one string PostgreSQL cannot store: only a fully valid body reaches the database.
  const unstorable = fc
    .tuple(withProject(valid), unstorableName)
    .map(([b, name]): Body => ({ kind: "unstorable", value: { ...b, name } }));
  return fc.oneof(
    { weight: 3, arbitrary: withProject(valid).map((value): Body => ({ kind: "valid", value })) },
    { weight: 1, arbitrary: unstorable },
    { weight: 4, arbitrary: near.map((value): Body => ({ kind: "near", value })) },
    { weight: 1, arbitrary: garbageValue.map((value): Body => ({ kind: "garbage", value })) },
    { weight: 1, arbitrary: knownKeysGarbage.map((value): Body => ({ kind: "garbage", value })) },
    { weight: 1, arbitrary: rawBodies.map((raw): Body => ({ kind: "raw", raw })) },
  );
}
type Arbitrary<T> = fc.Arbitrary<T>;

// ------------------------------------------------------------------ checks
function expectEnvelope(res: ApiResponse, label: string) {
  expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(res.body, label).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  expect(Object.keys(res.body), label).toEqual(["error"]);
  if (res.body.error.code === "validation_error") {
    expect(res.status, label).toBe(400);
    expect(Array.isArray(res.body.error.issues), label).toBe(true);
    expect(res.body.error.issues.length, label).toBeGreaterThan(0);
    for (const issue of res.body.error.issues) {
      expect(Array.isArray(issue.path), label).toBe(true);
      expect(typeof issue.message, label).toBe("string");
    }
  }
}

/** What a valid body must come back as (the documented defaults; names are trimmed). */
function expectedFields(body: Record<string, unknown>, defaults: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(body)) out[k] = v;
  if (typeof out.name === "string") out.name = out.name.trim();
  const d = out.digest_config as Record<string, unknown> | null | undefined;
  if (d) out.digest_config = { enabled: true, send: "always", min_severity: null, ...d };
  return out;
}

function send(client: ApiEnv["api"], method: string, path: string, body: Body) {
  return body.kind === "raw"
    ? client.request(method, path, undefined, { raw: body.raw })
    : client.request(method, path, undefined, { raw: JSON.stringify(body.value) ?? "" });
}

function describeBody(body: Body) {
  return body.kind === "raw" ? `raw ${JSON.stringify(body.raw)}` : `${body.kind} ${JSON.stringify(body.value)}`;
}

async function scheduleCounts(env: ApiEnv) {
  const [row] = await queryRows<{ schedules: number; items: number }>(
    env.db.db,
    sql`select (select count(*)::int from schedules) as schedules, (select count(*)::int from schedule_items) as items`,
  );
  return row!;
}

async function scheduleRow(env: ApiEnv, id: string) {
  const rows = await queryRows<Record<string, unknown>>(env.db.db, sql`select * from schedules where id = ${id}`);
  return JSON.parse(JSON.stringify(rows));
}

// The handlers read a fixed virtual clock, not the real one: a schedule's next tick and auto budget
// depend on "now", so a slot passing between a write and the read that checks it would change them.
beforeEach(() => setRequestClock(() => new Date("2026-05-06T08:17:00Z")));
afterEach(() => setRequestClock(null));

describeApi("schedules API fuzz", (env) => {
  it(`POST /api/v1/schedules: ${NUM_RUNS} generated bodies, no 5xx, envelopes on 4xx, nothing written on 400`, async () => {
    const e = env();
    const { client, tenant } = await e.api.tenant({ timezone: "America/Sao_Paulo" });
    const project = await client.project();
    const stranger = await e.api.tenant();
    const theirProject = await stranger.client.project();
    const projectIds = fc.oneof(
      { weight: 8, arbitrary: fc.constant(project.id) },
      { weight: 1, arbitrary: fc.constantFrom(project.id.toUpperCase(), UNKNOWN_UUID, theirProject.id, "not-a-uuid", "") },
    );
    const defaults = { ...SCHEDULE_DEFAULTS, project_id: project.id, timezone: tenant.timezone };
    const seen = { valid: 0, created: 0, rejected: 0, notFound: 0 };
    await fc.assert(
      fc.asyncProperty(bodies(projectIds, true), async (body) => {
        const label = describeBody(body);
        const before = await scheduleCounts(e);
        const res = await send(client, "POST", "/api/v1/schedules", body);
        expect(res.status, `${label} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
        const after = await scheduleCounts(e);
        if (res.status === 201) {
          seen.created++;
          expect(after, label).toEqual({ schedules: before.schedules + 1, items: before.items });
          expect(typeof res.body.id, label).toBe("string");
          expect(res.body.items, label).toEqual([]);
        } else {
          expectEnvelope(res, `${label} → ${JSON.stringify(res.body)}`);
          expect(after, `nothing written: ${label}`).toEqual(before);
          if (res.status === 400) seen.rejected++;
          if (res.status === 404) seen.notFound++;
        }
        if (body.kind === "unstorable" && (body.value as Record<string, unknown>).project_id === project.id) {
          expect(res.status, `${label} → ${JSON.stringify(res.body)}`).toBe(400);
        }
        if (body.kind === "valid") {
          const value = body.value as Record<string, unknown>;
          if (value.project_id === project.id) {
            seen.valid++;
            expect(res.status, `${label} → ${JSON.stringify(res.body)}`).toBe(201);
            expect(res.body, label).toMatchObject(expectedFields(value, defaults));
            expect((await client.get(`/api/v1/schedules/${res.body.id}`)).body, label).toEqual(res.body);
          } else if (value.project_id === project.id.toUpperCase()) {
            expect(res.status, `${label} → ${JSON.stringify(res.body)}`).toBe(201);
            expect(res.body.project_id, label).toBe(project.id);
          } else if (value.project_id === UNKNOWN_UUID || value.project_id === theirProject.id) {
            expect(res.status, label).toBe(404);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
    // The generator really exercised all three outcomes.
    expect(seen.valid).toBeGreaterThan(10);
    expect(seen.created).toBeGreaterThan(10);
    expect(seen.rejected).toBeGreaterThan(30);
  });

  it(`PATCH /api/v1/schedules/{id}: ${NUM_RUNS} generated bodies, no 5xx, envelopes on 4xx, unchanged on 400`, async () => {
    const e = env();
    const { client } = await e.api.tenant({ timezone: "Australia/Lord_Howe" });
    const project = await client.project();
    const journey = await client.journey(project.id);
    const schedule = await client.schedule(project.id, { name: "Target" });
    await client.item(schedule.id, { journey_id: journey.id, priority: 3 });
    const path = `/api/v1/schedules/${schedule.id}`;
    const seen = { valid: 0, updated: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(bodies(fc.constant(project.id), false), async (body) => {
        const label = describeBody(body);
        const before = await client.get(path);
        const beforeRow = await scheduleRow(e, schedule.id);
        const counts = await scheduleCounts(e);
        const res = await send(client, "PATCH", path, body);
        expect(res.status, `${label} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
        if (res.status === 200) {
          seen.updated++;
          expect(res.body.id, label).toBe(schedule.id);
          expect(res.body.project_id, label).toBe(project.id);
          expect(res.body.items, label).toEqual(before.body.items);
        } else {
          expectEnvelope(res, `${label} → ${JSON.stringify(res.body)}`);
          expect(res.status, label).toBe(400);
          seen.rejected++;
          expect(await scheduleRow(e, schedule.id), `unchanged: ${label}`).toEqual(beforeRow);
        }
        expect(await scheduleCounts(e), label).toEqual(counts);
        if (body.kind === "unstorable") expect(res.status, `${label} → ${JSON.stringify(res.body)}`).toBe(400);
        if (body.kind === "valid") {
          seen.valid++;
          expect(res.status, `${label} → ${JSON.stringify(res.body)}`).toBe(200);
          const { items: _items, effective_budget: _eb, next_tick_at: _nt, updated_at: _ua, ...previous } = before.body;
          expect(res.body, label).toMatchObject(expectedFields(body.value as Record<string, unknown>, previous));
          if (res.body.enabled === false) expect(res.body.next_tick_at, label).toBeNull();
          const got = await client.get(path);
          expect(got.body, label).toEqual(res.body);
        }
      }),
      { numRuns: NUM_RUNS },
    );
    expect(seen.valid).toBeGreaterThan(10);
    expect(seen.updated).toBeGreaterThan(10);
    expect(seen.rejected).toBeGreaterThan(30);
  });
});

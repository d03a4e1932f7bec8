// Contract tests of the supporting API (README "The API"): projects,
// journeys, test plans and the budget, through the real handlers, on every test database.
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterEach, expect, it } from "vitest";
import { queryRows } from "@/lib/db";
import { setRequestClock } from "@/lib/http/clock";
import { describeApi, type ApiEnv } from "./setup";
import type { ApiClient, ApiResponse } from "../helpers/client";

afterEach(() => setRequestClock(null));

const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000";
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function count(env: ApiEnv, table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(env.db.db, sql.raw(`select count(*)::int as n from ${table}`));
  return row!.n;
}

/** Row counts of every table the supporting API writes. */
async function snapshot(env: ApiEnv) {
  const tables = ["projects", "journeys", "test_plans", "test_plan_journeys", "schedules"];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(env, t)] as const)));
}

function expectError(res: ApiResponse, status: number, code: string, label = "") {
  expect(res.status, `${label} ${JSON.stringify(res.body)}`).toBe(status);
  expect(res.body?.error?.code, label).toBe(code);
  expect(typeof res.body.error.message, label).toBe("string");
  if (code === "validation_error") {
    expect(Array.isArray(res.body.error.issues), label).toBe(true);
    expect(res.body.error.issues.length, label).toBeGreaterThan(0);
    for (const issue of res.body.error.issues) {
      expect(Array.isArray(issue.path), label).toBe(true);
      expect(typeof issue.message, label).toBe("string");
    }
  }
}

/** Walks every page of a list with `limit`, checking the page shape, and returns all ids. */
async function allPages(client: ApiClient, path: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const sep = path.includes("?") ? "&" : "?";
    const res: ApiResponse = await client.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["data", "next_cursor"]);
    expect(res.body.data.length).toBeLessThanOrEqual(limit);
    ids.push(...res.body.data.map((r: { id: string }) => r.id));
    cursor = res.body.next_cursor;
    if (cursor === null) return ids;
    expect(typeof cursor).toBe("string");
    expect(res.body.data.length).toBe(limit); // a page with a next page is full
  }
  throw new Error("pagination did not end");
}

describeApi("supporting API", (env) => {
  // ---------------------------------------------------------------- projects
  it("projects: create, get, list, update and delete", async () => {
    const { client } = await env().api.tenant();
    const created = await client.post("/api/v1/projects", { name: "  Shop  ", base_url: "https://shop.example.com/app" });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID),
      name: "Shop", // trimmed
      base_url: "https://shop.example.com/app",
      created_at: expect.stringMatching(TIMESTAMP),
      updated_at: expect.stringMatching(TIMESTAMP),
    });
    const p = created.body;
    const got = await client.get(`/api/v1/projects/${p.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(p);
    // Path ids are case-insensitive, like UUIDs.
    expect((await client.get(`/api/v1/projects/${p.id.toUpperCase()}`)).body).toEqual(p);

    const list = await client.get("/api/v1/projects");
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ data: [p], next_cursor: null });

    const renamed = await client.patch(`/api/v1/projects/${p.id}`, { name: "Shop 2" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: p.id, name: "Shop 2", base_url: p.base_url, created_at: p.created_at });
    expect(Date.parse(renamed.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(p.updated_at));
    const moved = await client.patch(`/api/v1/projects/${p.id}`, { base_url: "http://localhost:3001" });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ name: "Shop 2", base_url: "http://localhost:3001" });
    const noop = await client.patch(`/api/v1/projects/${p.id}`, {});
    expect(noop.status).toBe(200);
    expect(noop.body).toMatchObject({ name: "Shop 2", base_url: "http://localhost:3001" });
    expect((await client.get(`/api/v1/projects/${p.id}`)).body).toEqual(noop.body);

    const del = await client.del(`/api/v1/projects/${p.id}`);
    expect(del.status).toBe(204);
    expect(del.body).toBeNull();
    expectError(await client.get(`/api/v1/projects/${p.id}`), 404, "not_found");
    expectError(await client.del(`/api/v1/projects/${p.id}`), 404, "not_found");
    expectError(await client.patch(`/api/v1/projects/${p.id}`, { name: "x" }), 404, "not_found");
    expect((await client.get("/api/v1/projects")).body.data).toEqual([]);
  });

  it("projects: deleting one removes its journeys and test plans", async () => {
    const e = env();
    const { client } = await e.api.tenant();
    const p = await client.project();
    const j = await client.journey(p.id);
    const plan = await client.testPlan(p.id, [j.id]);
    expect((await client.del(`/api/v1/projects/${p.id}`)).status).toBe(204);
    expectError(await client.get(`/api/v1/journeys/${j.id}`), 404, "not_found");
    expectError(await client.get(`/api/v1/test-plans/${plan.id}`), 404, "not_found");
  });

  it("projects: 409 while it has schedules, and deletable once they are gone", async () => {
    const e = env();
    const { client } = await e.api.tenant();
    const p = await client.project();
    const j = await client.journey(p.id);
    const s = await client.schedule(p.id);
    await client.item(s.id, { journey_id: j.id });
    const before = await snapshot(e);
    expectError(await client.del(`/api/v1/projects/${p.id}`), 409, "conflict");
    expect(await snapshot(e)).toEqual(before);
    expect((await client.get(`/api/v1/projects/${p.id}`)).status).toBe(200);
    expect((await client.get(`/api/v1/schedules/${s.id}`)).body.items).toHaveLength(1);

    // "delete them first": a schedule that never ran leaves nothing behind that needs the project.
    expect((await client.del(`/api/v1/schedules/${s.id}`)).status).toBe(204);
    expect((await client.del(`/api/v1/projects/${p.id}`)).status).toBe(204);
    expectError(await client.get(`/api/v1/projects/${p.id}`), 404, "not_found");
  });

  it("projects: a deleted schedule with run history keeps its project (409), nothing half-deleted", async () => {
    const e = env();
    const { client, tenant } = await e.api.tenant();
    const p = await client.project();
    const j = await client.journey(p.id);
    const ran = await client.schedule(p.id, { name: "Ran" });
    const never = await client.schedule(p.id, { name: "Never ran" });
    // A tick's audit row (docs/engine.md "Runs"), as the engine writes it.
    await e.db.db.execute(sql`
      insert into schedule_runs (tenant_id, schedule_id, trigger, slot_at, started_at, status, reason, budget)
      values (${tenant.id}, ${ran.id}, 'manual', now(), now(), 'skipped', 'no_items', '{"tick":0,"tenant_remaining_before":100,"spent":0}'::jsonb)`);
    expect((await client.del(`/api/v1/schedules/${ran.id}`)).status).toBe(204);
    expect((await client.del(`/api/v1/schedules/${never.id}`)).status).toBe(204);
    const before = await snapshot(e);
    expectError(await client.del(`/api/v1/projects/${p.id}`), 409, "conflict");
    expect(await snapshot(e)).toEqual(before); // the never-run schedule was not removed either
    expect((await client.get(`/api/v1/projects/${p.id}`)).status).toBe(200);
    expect((await client.get(`/api/v1/journeys/${j.id}`)).status).toBe(200);
    const [runs] = await queryRows<{ n: number }>(e.db.db, sql`select count(*)::int as n from schedule_runs where schedule_id = ${ran.id}`);
    expect(runs!.n).toBe(1);
  });

  it("projects: 400 validation_error for bad bodies, writing nothing", async () => {
    const e = env();
    const { client } = await e.api.tenant();
    const existing = await client.project({ name: "Keep", base_url: "https://keep.example.com" });
    const ok = { name: "P", base_url: "https://p.example.com" };
    const bad: [string, unknown][] = [
      ["unknown field", { ...ok, colour: "red" }],
      ["missing name", { base_url: ok.base_url }],
      ["missing base_url", { name: "P" }],
      ["empty name", { ...ok, name: "" }],
      ["blank name", { ...ok, name: "   " }],
      ["long name", { ...ok, name: "x".repeat(201) }],
      ["name type", { ...ok, name: 42 }],
      ["name null", { ...ok, name: null }],
      ["base_url type", { ...ok, base_url: ["https://x.example.com"] }],
      ["base_url not a URL", { ...ok, base_url: "shop.example.com" }],
      ["base_url ftp", { ...ok, base_url: "ftp://shop.example.com" }],
      ["base_url javascript", { ...ok, base_url: "javascript:alert(1)" }],
      ["base_url file", { ...ok, base_url: "file:///etc/passwd" }],
      ["base_url empty", { ...ok, base_url: "" }],
      ["base_url long", { ...ok, base_url: `https://x.example.com/${"a".repeat(2000)}` }],
      ["NUL in name", { ...ok, name: "a\u0000b" }],
      ["array body", [ok]],
      ["null body", null],
      ["string body", "P"],
      ["number body", 1],
      ["empty object", {}],
    ];
    const before = await snapshot(e);
    for (const [label, body] of bad) {
      expectError(await client.post("/api/v1/projects", body), 400, "validation_error", `POST ${label}`);
    }
    for (const raw of ["{not json", '{"name": "P",}', "", "   ", "[", '{"name":"P","base_url":"https://p.example.com"'] as const) {
      const res = await client.request("POST", "/api/v1/projects", undefined, { raw });
      expectError(res, 400, "validation_error", `raw ${JSON.stringify(raw)}`);
    }
    const patches: [string, unknown][] = [
      ["unknown field", { tenant_id: UNKNOWN_UUID }],
      ["id", { id: UNKNOWN_UUID }],
      ["name null", { name: null }],
      ["empty name", { name: "" }],
      ["bad base_url", { base_url: "mailto:qa@example.com" }],
      ["base_url null", { base_url: null }],
      ["array body", [{ name: "x" }]],
    ];
    for (const [label, body] of patches) {
      expectError(await client.patch(`/api/v1/projects/${existing.id}`, body), 400, "validation_error", `PATCH ${label}`);
    }
    expectError(
      await client.request("PATCH", `/api/v1/projects/${existing.id}`, undefined, { raw: "{oops" }),
      400,
      "validation_error",
    );
    expect(await snapshot(e)).toEqual(before);
    expect((await client.get(`/api/v1/projects/${existing.id}`)).body).toEqual(existing);
    // The issues point at the offending field.
    const res = await client.post("/api/v1/projects", { ...ok, base_url: "ftp://x.example.com" });
    expect(res.body.error.issues.map((i: { path: unknown[] }) => i.path)).toContainEqual(["base_url"]);
  });

  // ---------------------------------------------------------------- journeys
  it("journeys: create with defaults, get, update, list by project and delete", async () => {
    const { client } = await env().api.tenant();
    const p = await client.project();
    const created = await client.post("/api/v1/journeys", { project_id: p.id, name: "Home" });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID),
      project_id: p.id,
      name: "Home",
      description: "",
      start_path: "/",
      steps: [],
      created_at: expect.stringMatching(TIMESTAMP),
      updated_at: expect.stringMatching(TIMESTAMP),
    });
    const steps = [
      { action: "goto", path: "/cart" },
      { action: "click", selector: "#buy" },
      { action: "click", text: "Buy now" },
      { action: "fill", selector: "#email", value: "a@b.co" },
      { action: "press", key: "Enter" },
      { action: "expect_text", text: "Thank you" },
      { action: "expect_url", pattern: "/done" },
      { action: "wait", ms: 10_000 },
      { action: "wait", ms: 0 },
    ];
    const full = await client.post("/api/v1/journeys", {
      project_id: p.id,
      name: "Checkout",
      description: "Buys one thing",
      start_path: "/shop",
      steps,
    });
    expect(full.status).toBe(201);
    expect(full.body).toMatchObject({ name: "Checkout", description: "Buys one thing", start_path: "/shop", steps });
    expect((await client.get(`/api/v1/journeys/${full.body.id}`)).body).toEqual(full.body);

    const hundred = Array.from({ length: 100 }, (_, i) => ({ action: "goto", path: `/p/${i}` }));
    const long = await client.post("/api/v1/journeys", { project_id: p.id, name: "Long", steps: hundred });
    expect(long.status).toBe(201);
    expect(long.body.steps).toHaveLength(100);

    const patched = await client.patch(`/api/v1/journeys/${created.body.id}`, {
      name: "Home page",
      description: "d",
      start_path: "/home",
      steps: [{ action: "expect_text", text: "Welcome" }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      id: created.body.id,
      project_id: p.id,
      name: "Home page",
      description: "d",
      start_path: "/home",
      steps: [{ action: "expect_text", text: "Welcome" }],
      created_at: created.body.created_at,
    });
    const cleared = await client.patch(`/api/v1/journeys/${created.body.id}`, { steps: [] });
    expect(cleared.body).toMatchObject({ name: "Home page", steps: [] });

    const other = await client.project({ name: "Other" });
    const elsewhere = await client.journey(other.id, { name: "Elsewhere" });
    const byProject = await client.get(`/api/v1/journeys?project_id=${p.id}`);
    expect(byProject.status).toBe(200);
    expect(byProject.body.data.map((j: { id: string }) => j.id)).toEqual([long.body.id, full.body.id, created.body.id]);
    expect((await client.get(`/api/v1/journeys?project_id=${other.id}`)).body.data.map((j: { id: string }) => j.id)).toEqual([
      elsewhere.id,
    ]);
    expect((await client.get("/api/v1/journeys")).body.data).toHaveLength(4);
    expect((await client.get(`/api/v1/journeys?project_id=${UNKNOWN_UUID}`)).body).toEqual({ data: [], next_cursor: null });
    expectError(await client.get("/api/v1/journeys?project_id=nope"), 400, "validation_error");

    expect((await client.del(`/api/v1/journeys/${created.body.id}`)).status).toBe(204);
    expectError(await client.get(`/api/v1/journeys/${created.body.id}`), 404, "not_found");
    expectError(await client.del(`/api/v1/journeys/${created.body.id}`), 404, "not_found");
  });

  it("journeys: 400 for bad fields and bad steps, writing nothing", async () => {
    const e = env();
    const { client } = await e.api.tenant();
    const p = await client.project();
    const j = await client.journey(p.id, { name: "Keep", steps: [{ action: "goto", path: "/" }] });
    const ok = { project_id: p.id, name: "J" };
    const step = (s: unknown) => ({ ...ok, steps: [s] });
    const bad: [string, unknown][] = [
      ["unknown field", { ...ok, owner: "me" }],
      ["missing project_id", { name: "J" }],
      ["project_id not uuid", { ...ok, project_id: "p1" }],
      ["missing name", { project_id: p.id }],
      ["name type", { ...ok, name: ["J"] }],
      ["description type", { ...ok, description: 5 }],
      ["description long", { ...ok, description: "d".repeat(5001) }],
      ["start_path relative", { ...ok, start_path: "cart" }],
      ["start_path url", { ...ok, start_path: "https://evil.example.com/" }],
      ["steps not array", { ...ok, steps: { action: "goto", path: "/" } }],
      ["steps null", { ...ok, steps: null }],
      ["step not object", step("goto /")],
      ["unknown action", step({ action: "hover", selector: "#x" })],
      ["no action", step({ path: "/" })],
      ["goto without path", step({ action: "goto" })],
      ["goto relative path", step({ action: "goto", path: "cart" })],
      ["goto extra field", step({ action: "goto", path: "/", timeout: 5 })],
      ["click both selector and text", step({ action: "click", selector: "#buy", text: "Buy" })],
      ["click neither", step({ action: "click" })],
      ["click empty selector", step({ action: "click", selector: "" })],
      ["fill without value", step({ action: "fill", selector: "#email" })],
      ["fill value type", step({ action: "fill", selector: "#email", value: 5 })],
      ["press empty key", step({ action: "press", key: "" })],
      ["expect_text empty", step({ action: "expect_text", text: "" })],
      ["expect_url no pattern", step({ action: "expect_url" })],
      ["wait > 10000", step({ action: "wait", ms: 10_001 })],
      ["wait negative", step({ action: "wait", ms: -1 })],
      ["wait fractional", step({ action: "wait", ms: 1.5 })],
      ["wait string", step({ action: "wait", ms: "500" })],
      ["wait huge", step({ action: "wait", ms: 1e300 })],
      ["101 steps", { ...ok, steps: Array.from({ length: 101 }, () => ({ action: "wait", ms: 1 })) }],
      ["one bad step among good", { ...ok, steps: [{ action: "goto", path: "/" }, { action: "wait", ms: 99_999 }] }],
      ["NUL in step", step({ action: "expect_text", text: "a\u0000" })],
      ["NUL in description", { ...ok, description: "x\u0000y" }],
      ["lone surrogate in step", step({ action: "expect_text", text: "\ud800" })],
    ];
    const before = await snapshot(e);
    for (const [label, body] of bad) {
      expectError(await client.post("/api/v1/journeys", body), 400, "validation_error", `POST ${label}`);
    }
    expectError(await client.request("POST", "/api/v1/journeys", undefined, { raw: '{"project_id":' }), 400, "validation_error");
    const patches: [string, unknown][] = [
      ["project_id is immutable", { project_id: p.id }],
      ["unknown", { foo: 1 }],
      ["name null", { name: null }],
      ["steps bad", { steps: [{ action: "wait", ms: 10_001 }] }],
      ["click both", { steps: [{ action: "click", selector: "a", text: "b" }] }],
      ["101 steps", { steps: Array.from({ length: 101 }, () => ({ action: "press", key: "Tab" })) }],
      ["start_path", { start_path: "" }],
    ];
    for (const [label, body] of patches) {
      expectError(await client.patch(`/api/v1/journeys/${j.id}`, body), 400, "validation_error", `PATCH ${label}`);
    }
    expect(await snapshot(e)).toEqual(before);
    expect((await client.get(`/api/v1/journeys/${j.id}`)).body).toEqual(j);
    // Issues name the step that failed.
    const res = await client.post("/api/v1/journeys", { ...ok, steps: [{ action: "goto", path: "/" }, { action: "wait", ms: 20_000 }] });
    expect(res.body.error.issues.some((i: { path: unknown[] }) => i.path[0] === "steps" && i.path[1] === 1)).toBe(true);
  });

  it("journeys: a project of another tenant, or none, is 404", async () => {
    const e = env();
    const mine = await e.api.tenant();
    const theirs = await e.api.tenant();
    const theirProject = await theirs.client.project();
    const before = await snapshot(e);
    expectError(await mine.client.post("/api/v1/journeys", { project_id: theirProject.id, name: "J" }), 404, "not_found");
    expectError(await mine.client.post("/api/v1/journeys", { project_id: UNKNOWN_UUID, name: "J" }), 404, "not_found");
    expect(await snapshot(e)).toEqual(before);
    expect((await mine.client.get(`/api/v1/journeys?project_id=${theirProject.id}`)).body.data).toEqual([]);
  });

  // ---------------------------------------------------------------- test plans
  it("test plans: create, keep journey order, update, list by project and delete", async () => {
    const { client } = await env().api.tenant();
    const p = await client.project();
    const [a, b, c] = [await client.journey(p.id, { name: "A" }), await client.journey(p.id, { name: "B" }), await client.journey(p.id, { name: "C" })];
    const created = await client.post("/api/v1/test-plans", { project_id: p.id, name: "Smoke", journey_ids: [c.id, a.id, b.id] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID),
      project_id: p.id,
      name: "Smoke",
      journey_ids: [c.id, a.id, b.id],
      created_at: expect.stringMatching(TIMESTAMP),
      updated_at: expect.stringMatching(TIMESTAMP),
    });
    const plan = created.body;
    expect((await client.get(`/api/v1/test-plans/${plan.id}`)).body).toEqual(plan);

    const renamed = await client.patch(`/api/v1/test-plans/${plan.id}`, { name: "Smoke 2" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Smoke 2", journey_ids: [c.id, a.id, b.id] });
    const reordered = await client.patch(`/api/v1/test-plans/${plan.id}`, { journey_ids: [b.id, c.id] });
    expect(reordered.status).toBe(200);
    expect(reordered.body).toMatchObject({ name: "Smoke 2", journey_ids: [b.id, c.id] });
    expect((await client.get(`/api/v1/test-plans/${plan.id}`)).body).toEqual(reordered.body);

    // UUIDs are case-insensitive: an upper-case id names the same journey.
    const upper = await client.post("/api/v1/test-plans", { project_id: p.id, name: "Upper", journey_ids: [a.id.toUpperCase()] });
    expect(upper.status, JSON.stringify(upper.body)).toBe(201);
    expect(upper.body.journey_ids).toEqual([a.id]);

    const other = await client.project({ name: "Other" });
    const oj = await client.journey(other.id);
    const otherPlan = await client.testPlan(other.id, [oj.id]);
    expect((await client.get(`/api/v1/test-plans?project_id=${p.id}`)).body.data.map((x: { id: string }) => x.id)).toEqual([
      upper.body.id,
      plan.id,
    ]);
    const all = await client.get("/api/v1/test-plans");
    expect(all.body.data.map((x: { id: string }) => x.id)).toEqual([otherPlan.id, upper.body.id, plan.id]);
    expect(all.body.data[2].journey_ids).toEqual([b.id, c.id]);
    expectError(await client.get("/api/v1/test-plans?project_id=1"), 400, "validation_error");

    expect((await client.del(`/api/v1/test-plans/${plan.id}`)).status).toBe(204);
    expectError(await client.get(`/api/v1/test-plans/${plan.id}`), 404, "not_found");
    expectError(await client.del(`/api/v1/test-plans/${plan.id}`), 404, "not_found");
    // Its journeys stay.
    expect((await client.get(`/api/v1/journeys/${b.id}`)).status).toBe(200);
  });

  it("test plans: 400 for foreign, unknown or duplicated journeys and bad fields, writing nothing", async () => {
    const e = env();
    const { client } = await e.api.tenant();
    const p = await client.project();
    const [a, b] = [await client.journey(p.id, { name: "A" }), await client.journey(p.id, { name: "B" })];
    const other = await client.project({ name: "Other" });
    const foreign = await client.journey(other.id);
    const stranger = await e.api.tenant();
    const strangerProject = await stranger.client.project();
    const strangerJourney = await stranger.client.journey(strangerProject.id);
    const plan = await client.testPlan(p.id, [a.id, b.id], { name: "Keep" });
    const ok = { project_id: p.id, name: "T" };
    const bad: [string, unknown][] = [
      ["journey of another project", { ...ok, journey_ids: [a.id, foreign.id] }],
      ["journey of another tenant", { ...ok, journey_ids: [strangerJourney.id] }],
      ["unknown journey", { ...ok, journey_ids: [UNKNOWN_UUID] }],
      ["duplicated journey", { ...ok, journey_ids: [a.id, b.id, a.id] }],
      ["duplicated journey, other case", { ...ok, journey_ids: [a.id, a.id.toUpperCase()] }],
      ["empty journey_ids", { ...ok, journey_ids: [] }],
      ["missing journey_ids", ok],
      ["journey_ids not uuids", { ...ok, journey_ids: ["a"] }],
      ["journey_ids not array", { ...ok, journey_ids: a.id }],
      ["journey_ids null", { ...ok, journey_ids: null }],
      ["too many journeys", { ...ok, journey_ids: Array.from({ length: 101 }, () => a.id) }],
      ["unknown field", { ...ok, journey_ids: [a.id], order: "asc" }],
      ["name missing", { project_id: p.id, journey_ids: [a.id] }],
      ["project_id not uuid", { ...ok, project_id: 7, journey_ids: [a.id] }],
    ];
    const before = await snapshot(e);
    for (const [label, body] of bad) {
      expectError(await client.post("/api/v1/test-plans", body), 400, "validation_error", `POST ${label}`);
    }
    expectError(await client.request("POST", "/api/v1/test-plans", undefined, { raw: "nope" }), 400, "validation_error");
    const patches: [string, unknown][] = [
      ["journey of another project", { journey_ids: [foreign.id] }],
      ["journey of another tenant", { journey_ids: [a.id, strangerJourney.id] }],
      ["duplicated", { journey_ids: [b.id, b.id] }],
      ["empty", { journey_ids: [] }],
      ["project_id is immutable", { project_id: other.id }],
      ["name with both bad", { name: "New", journey_ids: [UNKNOWN_UUID] }],
      ["unknown field", { colour: 1 }],
    ];
    for (const [label, body] of patches) {
      expectError(await client.patch(`/api/v1/test-plans/${plan.id}`, body), 400, "validation_error", `PATCH ${label}`);
    }
    expect(await snapshot(e)).toEqual(before);
    expect((await client.get(`/api/v1/test-plans/${plan.id}`)).body).toEqual(plan);
    // The issue points at the offending journey.
    const res = await client.post("/api/v1/test-plans", { ...ok, journey_ids: [a.id, foreign.id] });
    expect(res.body.error.issues[0].path).toEqual(["journey_ids", 1]);

    // A project of another tenant (or none) is 404, like every other foreign id.
    expectError(await client.post("/api/v1/test-plans", { ...ok, project_id: strangerProject.id, journey_ids: [strangerJourney.id] }), 404, "not_found");
    expectError(await client.post("/api/v1/test-plans", { ...ok, project_id: UNKNOWN_UUID, journey_ids: [a.id] }), 404, "not_found");
    expect(await snapshot(e)).toEqual(before);
  });

  // ---------------------------------------------------------------- shared conventions
  it("401 on every supporting route without a valid key, in the error shape", async () => {
    const e = env();
    const { client } = await e.api.tenant();
    const p = await client.project();
    const j = await client.journey(p.id);
    const plan = await client.testPlan(p.id, [j.id]);
    const before = await snapshot(e);
    const calls: [string, string, unknown?][] = [
      ["GET", "/api/v1/projects"],
      ["POST", "/api/v1/projects", { name: "x", base_url: "https://x.example.com" }],
      ["GET", `/api/v1/projects/${p.id}`],
      ["PATCH", `/api/v1/projects/${p.id}`, { name: "x" }],
      ["DELETE", `/api/v1/projects/${p.id}`],
      ["GET", "/api/v1/journeys"],
      ["POST", "/api/v1/journeys", { project_id: p.id, name: "x" }],
      ["GET", `/api/v1/journeys/${j.id}`],
      ["PATCH", `/api/v1/journeys/${j.id}`, { name: "x" }],
      ["DELETE", `/api/v1/journeys/${j.id}`],
      ["GET", "/api/v1/test-plans"],
      ["POST", "/api/v1/test-plans", { project_id: p.id, name: "x", journey_ids: [j.id] }],
      ["GET", `/api/v1/test-plans/${plan.id}`],
      ["PATCH", `/api/v1/test-plans/${plan.id}`, { name: "x" }],
      ["DELETE", `/api/v1/test-plans/${plan.id}`],
      ["GET", "/api/v1/budget"],
    ];
    const revoked = await client.post("/api/v1/api-keys", { name: "gone" });
    expect((await client.del(`/api/v1/api-keys/${revoked.body.id}`)).status).toBe(204);
    for (const key of [undefined, "", "garbage", `rota_abcdefabcdef_${"x".repeat(43)}`, revoked.body.key as string]) {
      const anon = e.api.as(key);
      for (const [method, path, body] of calls) {
        expectError(await anon.request(method, path, body), 401, "unauthorized", `${method} ${path} key=${key}`);
      }
    }
    // Auth is checked before the body: a bad body without a key is still 401.
    expectError(await e.api.request("POST", "/api/v1/projects", undefined, { raw: "{bad" }), 401, "unauthorized");
    expect(await snapshot(e)).toEqual(before);
  });

  it("404 for another tenant's resources and for non-UUID ids, leaving them untouched", async () => {
    const e = env();
    const mine = await e.api.tenant();
    const theirs = await e.api.tenant();
    const tp = await theirs.client.project();
    const tj = await theirs.client.journey(tp.id);
    const tplan = await theirs.client.testPlan(tp.id, [tj.id]);
    const c = mine.client;
    const myProject = await c.project();
    const before = await snapshot(e);
    const cases: [string, Promise<ApiResponse>][] = [
      ["get project", c.get(`/api/v1/projects/${tp.id}`)],
      ["patch project", c.patch(`/api/v1/projects/${tp.id}`, { name: "mine" })],
      ["delete project", c.del(`/api/v1/projects/${tp.id}`)],
      ["get journey", c.get(`/api/v1/journeys/${tj.id}`)],
      ["patch journey", c.patch(`/api/v1/journeys/${tj.id}`, { name: "mine" })],
      ["delete journey", c.del(`/api/v1/journeys/${tj.id}`)],
      ["get plan", c.get(`/api/v1/test-plans/${tplan.id}`)],
      ["patch plan", c.patch(`/api/v1/test-plans/${tplan.id}`, { name: "mine" })],
      ["delete plan", c.del(`/api/v1/test-plans/${tplan.id}`)],
      ["create journey in their project", c.post("/api/v1/journeys", { project_id: tp.id, name: "x" })],
      ["create plan in their project", c.post("/api/v1/test-plans", { project_id: tp.id, name: "x", journey_ids: [tj.id] })],
      ["unknown project", c.get(`/api/v1/projects/${UNKNOWN_UUID}`)],
      ["unknown journey", c.patch(`/api/v1/journeys/${UNKNOWN_UUID}`, { name: "x" })],
      ["unknown plan", c.del(`/api/v1/test-plans/${UNKNOWN_UUID}`)],
    ];
    for (const bad of ["not-a-uuid", "123", "00000000-0000-4000-8000-00000000000", `${myProject.id}x`, "%20", "null"]) {
      cases.push([`get project ${bad}`, c.get(`/api/v1/projects/${bad}`)]);
      cases.push([`patch project ${bad}`, c.patch(`/api/v1/projects/${bad}`, { name: "x" })]);
      cases.push([`delete project ${bad}`, c.del(`/api/v1/projects/${bad}`)]);
      cases.push([`get journey ${bad}`, c.get(`/api/v1/journeys/${bad}`)]);
      cases.push([`patch journey ${bad}`, c.patch(`/api/v1/journeys/${bad}`, { name: "x" })]);
      cases.push([`delete journey ${bad}`, c.del(`/api/v1/journeys/${bad}`)]);
      cases.push([`get plan ${bad}`, c.get(`/api/v1/test-plans/${bad}`)]);
      cases.push([`patch plan ${bad}`, c.patch(`/api/v1/test-plans/${bad}`, { name: "x" })]);
      cases.push([`delete plan ${bad}`, c.del(`/api/v1/test-plans/${bad}`)]);
    }
    for (const [label, pending] of cases) expectError(await pending, 404, "not_found", label);
    expect(await snapshot(e)).toEqual(before);
    expect((await theirs.client.get(`/api/v1/projects/${tp.id}`)).body).toEqual(tp);
    expect((await theirs.client.get(`/api/v1/journeys/${tj.id}`)).body).toEqual(tj);
    expect((await theirs.client.get(`/api/v1/test-plans/${tplan.id}`)).body).toEqual(tplan);
    // Lists never show another tenant's rows.
    expect((await c.get("/api/v1/projects")).body.data.map((x: { id: string }) => x.id)).toEqual([myProject.id]);
    expect((await c.get("/api/v1/journeys")).body.data).toEqual([]);
    expect((await c.get("/api/v1/test-plans")).body.data).toEqual([]);
  });

  it("lists paginate with limit and cursor, newest first, per project", async () => {
    const { client } = await env().api.tenant();
    const projectIds: string[] = [];
    for (let i = 0; i < 7; i++) projectIds.push((await client.project({ name: `P${i}` })).id);
    const newestFirst = [...projectIds].reverse();
    for (const limit of [1, 2, 3, 7, 100]) {
      expect(await allPages(client, "/api/v1/projects", limit), `limit ${limit}`).toEqual(newestFirst);
    }
    const first = await client.get("/api/v1/projects?limit=7");
    expect(first.body.next_cursor).toBeNull();
    const defaultPage = await client.get("/api/v1/projects");
    expect(defaultPage.body.data.map((x: { id: string }) => x.id)).toEqual(newestFirst);

    const [p, q] = projectIds as [string, string];
    const journeyIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      journeyIds.push((await client.journey(p, { name: `J${i}` })).id);
      await client.journey(q, { name: `Q${i}` }); // interleaved: the filter must hold across pages
    }
    expect(await allPages(client, `/api/v1/journeys?project_id=${p}`, 2)).toEqual([...journeyIds].reverse());
    expect(await allPages(client, "/api/v1/journeys", 3)).toHaveLength(10);

    const planIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      planIds.push((await client.testPlan(p, [journeyIds[i]!], { name: `T${i}` })).id);
      const qj = (await client.get(`/api/v1/journeys?project_id=${q}&limit=1`)).body.data[0].id;
      await client.testPlan(q, [qj]);
    }
    expect(await allPages(client, `/api/v1/test-plans?project_id=${p}`, 3)).toEqual([...planIds].reverse());
    expect(await allPages(client, "/api/v1/test-plans", 5)).toHaveLength(8);

    for (const path of ["/api/v1/projects", "/api/v1/journeys", "/api/v1/test-plans"]) {
      for (const query of ["limit=0", "limit=101", "limit=-1", "limit=1.5", "limit=ten", "cursor=garbage", "cursor=", "limit=1&cursor=%00"]) {
        expectError(await client.get(`${path}?${query}`), 400, "validation_error", `${path}?${query}`);
      }
    }
  });

  it("list query strings never cause a 5xx (generated limits, cursors and project ids)", async () => {
    const { client } = await env().api.tenant();
    const p = await client.project();
    await client.journey(p.id);
    const validCursor = (await client.get("/api/v1/projects?limit=1")).body.next_cursor;
    const b64 = (s: string) => Buffer.from(s).toString("base64url");
    const cursorish = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary" }),
      // Well-formed envelopes with hostile contents: ids that are not UUIDs, dates PostgreSQL cannot hold.
      fc.tuple(fc.oneof(fc.constant("2024-01-01T00:00:00.000Z"), fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? "x" : d.toISOString())), fc.string()),
        fc.oneof(fc.uuid(), fc.constant("-".repeat(36)), fc.constant("f".repeat(36)), fc.string({ minLength: 36, maxLength: 36 })),
      ).map(([d, id]) => b64(`${d}|${id}`)),
      fc.constant(b64(`-271821-04-20T00:00:00.000Z|${UNKNOWN_UUID}`)),
      fc.constant(b64(`+275760-09-13T00:00:00.000Z|${UNKNOWN_UUID}`)),
      fc.constant(b64(`0000-01-01T00:00:00.000Z|${UNKNOWN_UUID}`)),
      fc.constant(b64(`2024-01-01T00:00:00.000Z|${UNKNOWN_UUID}|extra`)),
      fc.constant(validCursor ?? ""),
    );
    const query = fc.record(
      {
        limit: fc.oneof(fc.integer({ min: -5, max: 150 }).map(String), fc.string(), fc.constant("1e2"), fc.constant("0x10")),
        cursor: cursorish,
        project_id: fc.oneof(fc.uuid(), fc.string(), fc.constant(p.id), fc.constant(p.id.toUpperCase())),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("projects", "journeys", "test-plans"), query, async (resource, q) => {
        const qs = new URLSearchParams(q as Record<string, string>).toString();
        const res = await client.get(`/api/v1/${resource}?${qs}`);
        expect(res.status, `${resource}?${qs} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
        if (res.status === 200) {
          expect(Array.isArray(res.body.data)).toBe(true);
        } else {
          expectError(res, 400, "validation_error", qs);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("GET /api/v1/budget: the tenant's daily budget, today's use and the next local midnight", async () => {
    const e = env();
    // A virtual clock: 10:00 UTC is 15:30 in Kolkata, so the next local midnight is 18:30 UTC today.
    const t0 = Date.parse("2026-06-10T10:00:00Z");
    setRequestClock(() => new Date(t0));
    const { client } = await e.api.tenant({ daily_agent_budget: 37, timezone: "Asia/Kolkata" });
    const res = await client.get("/api/v1/budget");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      daily_agent_budget: 37,
      used_today: 0,
      remaining: 37,
      resets_at: expect.stringMatching(TIMESTAMP),
      timezone: "Asia/Kolkata",
      plan: { covered: true, reserved: 0, schedules: [] },
    });
    // Midnight in Kolkata (UTC+05:30) is 18:30 UTC.
    expect(res.body.resets_at).toBe("2026-06-10T18:30:00.000Z");

    const utc = await e.api.tenant({ daily_agent_budget: 0 });
    const zero = await utc.client.get("/api/v1/budget");
    expect(zero.body).toMatchObject({ daily_agent_budget: 0, used_today: 0, remaining: 0, timezone: "UTC" });
    expect(zero.body.resets_at).toBe("2026-06-11T00:00:00.000Z");
  });
});

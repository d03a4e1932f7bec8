import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "@/lib/db";
import { describeApi, type ApiEnv } from "./setup";
import type { ApiResponse } from "../helpers/client";

const OTHER_UUID = "00000000-0000-4000-8000-000000000000";

async function world(env: ApiEnv) {
  const { client } = await env.api.tenant({ timezone: "Europe/Berlin" });
  const project = await client.project();
  const journeys = [await client.journey(project.id, { name: "A" }), await client.journey(project.id, { name: "B" })];
  const plan = await client.testPlan(project.id, journeys.map((j) => j.id));
  return { client, project, journeys, plan };
}

async function countRows(env: ApiEnv, table: string) {
  const [row] = await queryRows<{ n: number }>(env.db.db, sql.raw(`select count(*)::int as n from ${table}`));
  return row!.n;
}

describeApi("schedules API", (env) => {
  it("creates a schedule with the documented defaults", async () => {
    const { client, project } = await world(env());
    const res: ApiResponse = await client.post("/api/v1/schedules", { project_id: project.id, name: "Nightly" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      project_id: project.id,
      name: "Nightly",
      enabled: true,
      timezone: "Europe/Berlin", // the tenant's
      run_time: "09:00",
      run_days: [1, 2, 3, 4, 5, 6, 7],
      tick_interval_hours: 24,
      coverage_window_hours: 120,
      daily_budget: null,
      digest_config: null,
      last_tick_at: null,
      items: [],
    });
    expect(typeof res.body.effective_budget).toBe("number");
    expect(new Date(res.body.next_tick_at).getTime()).toBeGreaterThan(Date.now() - 1000);
    for (const f of ["id", "created_at", "updated_at"]) expect(res.body[f]).toBeTruthy();

    const got = await client.get(`/api/v1/schedules/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it("rejects bad bodies with 400 validation_error and writes nothing", async () => {
    const e = env();
    const { client, project } = await world(e);
    const before = await countRows(e, "schedules");
    const base = { project_id: project.id, name: "X" };
    const bad: [string, unknown][] = [
      ["unknown field", { ...base, colour: "red" }],
      ["wrong type", { ...base, enabled: "yes" }],
      ["missing name", { project_id: project.id }],
      ["empty name", { ...base, name: "" }],
      ["long name", { ...base, name: "x".repeat(201) }],
      ["run_days []", { ...base, run_days: [] }],
      ["run_days [0]", { ...base, run_days: [0] }],
      ["run_days [8]", { ...base, run_days: [8] }],
      ["run_days dup", { ...base, run_days: [1, 1] }],
      ["run_time 24:00", { ...base, run_time: "24:00" }],
      ["run_time 9am", { ...base, run_time: "9am" }],
      ["timezone", { ...base, timezone: "Mars/Olympus_Mons" }],
      ["interval 0", { ...base, tick_interval_hours: 0 }],
      ["interval 169", { ...base, tick_interval_hours: 169 }],
      ["interval 1.5", { ...base, tick_interval_hours: 1.5 }],
      ["window 0", { ...base, coverage_window_hours: 0 }],
      ["window 8761", { ...base, coverage_window_hours: 8761 }],
      ["negative budget", { ...base, daily_budget: -1 }],
      ["bad email", { ...base, digest_config: { enabled: true, recipients: ["not-an-email"], send: "always", min_severity: null } }],
      ["email domain label ending in a hyphen", { ...base, digest_config: { enabled: true, recipients: ["a@b-.com"], send: "always", min_severity: null } }],
      ["email domain label starting with a hyphen", { ...base, digest_config: { enabled: true, recipients: ["a@-b.com"], send: "always", min_severity: null } }],
      ["no recipients", { ...base, digest_config: { enabled: true, recipients: [], send: "always", min_severity: null } }],
      ["bad send", { ...base, digest_config: { enabled: true, recipients: ["a@b.co"], send: "sometimes", min_severity: null } }],
      ["bad severity", { ...base, digest_config: { enabled: true, recipients: ["a@b.co"], send: "always", min_severity: "urgent" } }],
      ["project not uuid", { ...base, project_id: "nope" }],
      ["array body", [base]],
    ];
    for (const [label, body] of bad) {
      const res = await client.post("/api/v1/schedules", body);
      expect(res.status, label).toBe(400);
      expect(res.body.error.code, label).toBe("validation_error");
      expect(Array.isArray(res.body.error.issues), label).toBe(true);
    }
    const malformed = await client.request("POST", "/api/v1/schedules", undefined, { raw: "{not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("validation_error");
    expect(await countRows(e, "schedules")).toBe(before);
  });

  it("PATCH validates the same way and changes nothing on 400", async () => {
    const { client, project } = await world(env());
    const s = await client.schedule(project.id, { name: "Keep" });
    for (const body of [
      { run_days: [] },
      { run_time: "9am" },
      { timezone: "Nowhere/City" },
      { tick_interval_hours: 0 },
      { daily_budget: -3 },
      { project_id: project.id },
      { name: null },
      { unknown: 1 },
    ]) {
      const res = await client.patch(`/api/v1/schedules/${s.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const after = await client.get(`/api/v1/schedules/${s.id}`);
    expect(after.body).toEqual(s);
  });

  it("PATCH updates writable fields and recomputes next_tick_at", async () => {
    const { client, project } = await world(env());
    const s = await client.schedule(project.id);
    const res = await client.patch(`/api/v1/schedules/${s.id}`, {
      name: "Weekdays",
      run_days: [1, 2, 3, 4, 5],
      run_time: "07:30",
      timezone: "America/New_York",
      daily_budget: 4,
      digest_config: { recipients: ["qa@example.com"] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "Weekdays",
      run_days: [1, 2, 3, 4, 5],
      run_time: "07:30",
      timezone: "America/New_York",
      daily_budget: 4,
      effective_budget: 4,
      digest_config: { enabled: true, recipients: ["qa@example.com"], send: "always", min_severity: null },
    });
    const local = new Intl.DateTimeFormat("en-GB", {
      timeZone: "America/New_York",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
      hourCycle: "h23",
    }).format(new Date(res.body.next_tick_at));
    expect(local).toMatch(/(Mon|Tue|Wed|Thu|Fri) 07:30/);

    const off = await client.patch(`/api/v1/schedules/${s.id}`, { enabled: false, digest_config: null });
    expect(off.body.enabled).toBe(false);
    expect(off.body.next_tick_at).toBeNull();
    expect(off.body.digest_config).toBeNull();
  });

  it("lists with pagination and a project filter", async () => {
    const { client, project } = await world(env());
    const other = await client.project({ name: "Other" });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await client.schedule(project.id, { name: `S${i}` })).id);
    await client.schedule(other.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: ApiResponse = await client.get(`/api/v1/schedules?project_id=${project.id}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((s: { id: string }) => s.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse()); // newest first
    expect((await client.get("/api/v1/schedules?limit=0")).status).toBe(400);
    expect((await client.get("/api/v1/schedules?limit=101")).status).toBe(400);
    expect((await client.get("/api/v1/schedules?cursor=garbage")).status).toBe(400);
  });

  it("adds journey and test-plan items that mirror their kind, ordered by priority", async () => {
    const { client, project, journeys, plan } = await world(env());
    const s = await client.schedule(project.id);
    const j = await client.post(`/api/v1/schedules/${s.id}/items`, { journey_id: journeys[0].id });
    expect(j.status).toBe(201);
    expect(j.body).toEqual({ id: j.body.id, journey_id: journeys[0].id, priority: 0, last_run_at: null, created_at: j.body.created_at });
    const p = await client.post(`/api/v1/schedules/${s.id}/items`, { test_plan_id: plan.id, priority: 5 });
    expect(p.status).toBe(201);
    expect(p.body).toEqual({ id: p.body.id, test_plan_id: plan.id, priority: 5, last_run_at: null, created_at: p.body.created_at });
    expect("test_plan_id" in j.body).toBe(false);
    expect("journey_id" in p.body).toBe(false);
    const got = await client.get(`/api/v1/schedules/${s.id}`);
    expect(got.body.items.map((i: { id: string }) => i.id)).toEqual([p.body.id, j.body.id]);
  });

  it("rejects both/neither, other project, other tenant and duplicate items with 400", async () => {
    const e = env();
    const { client, project, journeys, plan } = await world(e);
    const s = await client.schedule(project.id);
    const otherProject = await client.project({ name: "Other" });
    const foreignJourney = await client.journey(otherProject.id);
    const stranger = await world(e);
    const cases: [string, unknown][] = [
      ["both", { journey_id: journeys[0].id, test_plan_id: plan.id }],
      ["neither", { priority: 1 }],
      ["other project", { journey_id: foreignJourney.id }],
      ["other tenant journey", { journey_id: stranger.journeys[0].id }],
      ["other tenant plan", { test_plan_id: stranger.plan.id }],
      ["unknown journey", { journey_id: OTHER_UUID }],
      ["priority type", { journey_id: journeys[0].id, priority: "high" }],
    ];
    for (const [label, body] of cases) {
      const res = await client.post(`/api/v1/schedules/${s.id}/items`, body);
      expect(res.status, label).toBe(400);
    }
    expect((await client.post(`/api/v1/schedules/${s.id}/items`, { journey_id: journeys[0].id })).status).toBe(201);
    const dup = await client.post(`/api/v1/schedules/${s.id}/items`, { journey_id: journeys[0].id, priority: 3 });
    expect(dup.status).toBe(400);
    expect((await client.get(`/api/v1/schedules/${s.id}`)).body.items).toHaveLength(1);
  });

  it("updates priority, reorders by permutation and deletes either kind", async () => {
    const { client, project, journeys, plan } = await world(env());
    const s = await client.schedule(project.id);
    const a = await client.item(s.id, { journey_id: journeys[0].id });
    const b = await client.item(s.id, { journey_id: journeys[1].id });
    const c = await client.item(s.id, { test_plan_id: plan.id });
    const patched = await client.patch(`/api/v1/schedules/${s.id}/items/${a.id}`, { priority: 9 });
    expect(patched.status).toBe(200);
    expect(patched.body.priority).toBe(9);
    expect((await client.patch(`/api/v1/schedules/${s.id}/items/${a.id}`, { priority: "x" })).status).toBe(400);

    const order = [c.id, a.id, b.id];
    const put = await client.put(`/api/v1/schedules/${s.id}/items/order`, { item_ids: order });
    expect(put.status).toBe(200);
    expect(put.body.map((i: { id: string }) => i.id)).toEqual(order);
    expect(put.body[0].priority).toBeGreaterThan(put.body[1].priority);
    expect(put.body[1].priority).toBeGreaterThan(put.body[2].priority);
    expect((await client.get(`/api/v1/schedules/${s.id}`)).body.items.map((i: { id: string }) => i.id)).toEqual(order);

    for (const item_ids of [[a.id, b.id], [a.id, b.id, c.id, c.id], [a.id, b.id, OTHER_UUID], ["nope"]]) {
      expect((await client.put(`/api/v1/schedules/${s.id}/items/order`, { item_ids })).status).toBe(400);
    }
    expect((await client.del(`/api/v1/schedules/${s.id}/items/${c.id}`)).status).toBe(204);
    expect((await client.del(`/api/v1/schedules/${s.id}/items/${a.id}`)).status).toBe(204);
    expect((await client.del(`/api/v1/schedules/${s.id}/items/${a.id}`)).status).toBe(404);
    expect((await client.get(`/api/v1/schedules/${s.id}`)).body.items.map((i: { id: string }) => i.id)).toEqual([b.id]);
  });

  it("answers 404 for another tenant's resources and for non-UUID ids", async () => {
    const e = env();
    const mine = await world(e);
    const theirs = await world(e);
    const s = await theirs.client.schedule(theirs.project.id);
    const item = await theirs.client.item(s.id, { journey_id: theirs.journeys[0].id });
    const c = mine.client;
    const notFound = [
      await c.get(`/api/v1/schedules/${s.id}`),
      await c.patch(`/api/v1/schedules/${s.id}`, { name: "mine now" }),
      await c.del(`/api/v1/schedules/${s.id}`),
      await c.post(`/api/v1/schedules/${s.id}/items`, { journey_id: mine.journeys[0].id }),
      await c.patch(`/api/v1/schedules/${s.id}/items/${item.id}`, { priority: 1 }),
      await c.del(`/api/v1/schedules/${s.id}/items/${item.id}`),
      await c.put(`/api/v1/schedules/${s.id}/items/order`, { item_ids: [item.id] }),
      await c.post("/api/v1/schedules", { project_id: theirs.project.id, name: "x" }),
      await c.get(`/api/v1/projects/${theirs.project.id}`),
      await c.get(`/api/v1/journeys/${theirs.journeys[0].id}`),
      await c.get(`/api/v1/test-plans/${theirs.plan.id}`),
      await c.get("/api/v1/schedules/not-a-uuid"),
      await c.patch("/api/v1/schedules/123", { name: "x" }),
      await c.del("/api/v1/schedules/123/items/456"),
      await c.get(`/api/v1/schedules/${OTHER_UUID}`),
    ];
    for (const [i, res] of notFound.entries()) {
      expect(res.status, `case ${i}`).toBe(404);
      expect(res.body.error.code, `case ${i}`).toBe("not_found");
    }
    // Their schedule is untouched.
    const still = await theirs.client.get(`/api/v1/schedules/${s.id}`);
    expect(still.body.name).toBe(s.name);
    expect(still.body.items).toHaveLength(1);
    expect((await c.get("/api/v1/schedules")).body.data).toEqual([]);
  });

  it("DELETE removes the schedule and its items", async () => {
    const { client, project, journeys } = await world(env());
    const s = await client.schedule(project.id);
    await client.item(s.id, { journey_id: journeys[0].id });
    expect((await client.del(`/api/v1/schedules/${s.id}`)).status).toBe(204);
    expect((await client.get(`/api/v1/schedules/${s.id}`)).status).toBe(404);
    expect((await client.del(`/api/v1/schedules/${s.id}`)).status).toBe(404);
    expect((await client.get("/api/v1/schedules")).body.data).toEqual([]);
  });

  it("deleting a journey removes it from schedules and plans", async () => {
    const { client, project, journeys, plan } = await world(env());
    const s = await client.schedule(project.id);
    await client.item(s.id, { journey_id: journeys[0].id });
    expect((await client.del(`/api/v1/journeys/${journeys[0].id}`)).status).toBe(204);
    expect((await client.get(`/api/v1/schedules/${s.id}`)).body.items).toEqual([]);
    expect((await client.get(`/api/v1/test-plans/${plan.id}`)).body.journey_ids).toEqual([journeys[1].id]);
  });
});

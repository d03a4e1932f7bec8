// GET /api/v1/schedules/{id}/calendar (docs/engine.md "Calendar"): the coming ticks from the forecast's
// simulation. Every response is also checked against the OpenAPI document by the client.
import { afterEach, beforeEach, expect, it } from "vitest";
import { setRequestClock } from "@/lib/http/clock";
import { describeApi, type ApiEnv } from "./setup";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Monday 1 June 2026, 08:00 in Berlin: the schedule's first 09:00 slot is an hour away.
const T0 = Date.parse("2026-06-01T06:00:00Z");
let now = T0;
beforeEach(() => {
  now = T0;
  setRequestClock(() => new Date(now));
});
afterEach(() => setRequestClock(null));

async function scheduleWith(e: ApiEnv, journeys: number, body: Record<string, unknown> = {}) {
  const { client } = await e.api.tenant({ daily_agent_budget: 500, timezone: "Europe/Berlin" });
  const project = await client.project();
  const schedule = await client.schedule(project.id, { timezone: "Europe/Berlin", run_time: "09:00", ...body });
  const items = [];
  const journeyIds: string[] = [];
  for (let i = 0; i < journeys; i++) {
    const j = await client.journey(project.id, { name: `J${i}` });
    journeyIds.push(j.id);
    items.push(await client.item(schedule.id, { journey_id: j.id }));
  }
  return { client, project, schedule, items, journeyIds };
}

const ids = (tick: { items: { item_id: string }[] }) => tick.items.map((i) => i.item_id).sort();

describeApi("schedule calendar", (env) => {
  it("4 journeys, budget 2, daily: a week of ticks in alternating pairs, with the forecast's gaps", async () => {
    const { client, schedule, items, journeyIds } = await scheduleWith(env(), 4, { daily_budget: 2 });
    const res = await client.get(`/api/v1/schedules/${schedule.id}/calendar`);
    expect(res.status).toBe(200);
    const cal = res.body;
    expect(cal).toMatchObject({
      schedule_id: schedule.id,
      now: new Date(T0).toISOString(),
      start: "2026-06-01T07:00:00.000Z",
      until: new Date(T0 + 7 * DAY).toISOString(),
      days: 7,
      paused: false,
      daily_budget: 2,
      tenant: { daily_agent_budget: 500, remaining: 500 },
      coverage_met: true,
      max_gap_hours: 48,
      approximate: false,
      truncated: false,
      budget_needed: null,
    });
    expect(cal.ticks.map((t: { slot_at: string }) => t.slot_at)).toEqual(
      Array.from({ length: 7 }, (_, d) => new Date(Date.parse("2026-06-01T07:00:00Z") + d * DAY).toISOString()),
    );
    for (const t of cal.ticks) {
      expect(t.budget).toBe(2);
      expect(t.items).toHaveLength(2);
      for (const i of t.items) {
        expect(i.cost).toBe(1);
        expect(typeof i.due).toBe("boolean");
        expect(journeyIds).toContain(i.journey_id);
        expect(i.test_plan_id).toBeUndefined();
      }
    }
    for (let d = 0; d + 2 < cal.ticks.length; d++) {
      expect([...ids(cal.ticks[d]), ...ids(cal.ticks[d + 1])].sort()).toEqual(items.map((i) => i.id).sort());
      expect(ids(cal.ticks[d + 2])).toEqual(ids(cal.ticks[d]));
    }
    expect(cal.items.map((i: { item_id: string }) => i.item_id)).toEqual(items.map((i) => i.id));
    for (const i of cal.items) {
      expect(i).toMatchObject({ cost: 1, priority: 0, expected_gap_hours: 48 });
      expect(i.runs).toBeGreaterThanOrEqual(3);
    }

    // The calendar agrees with the preview's forecast.
    const preview = await client.get(`/api/v1/schedules/${schedule.id}/preview`);
    expect(preview.body.forecast.max_gap_hours).toBe(cal.max_gap_hours);
    expect(preview.body.forecast.items).toEqual(cal.items.map((i: { item_id: string; expected_gap_hours: number }) => ({ item_id: i.item_id, expected_gap_hours: i.expected_gap_hours })));
  });

  it("days=1 and days=14; weekdays only skip the weekend; a test plan shows its cost", async () => {
    const e = env();
    const { client, project, schedule, journeyIds } = await scheduleWith(e, 2, { run_days: [1, 2, 3, 4, 5], daily_budget: 5 });
    const plan = await client.testPlan(project.id, journeyIds);
    const planItem = await client.item(schedule.id, { test_plan_id: plan.id });
    const one = await client.get(`/api/v1/schedules/${schedule.id}/calendar?days=1`);
    expect(one.status).toBe(200);
    expect(one.body.ticks.map((t: { slot_at: string }) => t.slot_at)).toEqual(["2026-06-01T07:00:00.000Z"]);
    const two = await client.get(`/api/v1/schedules/${schedule.id}/calendar?days=14`);
    expect(two.status).toBe(200);
    const days = two.body.ticks.map((t: { slot_at: string }) => new Date(t.slot_at).getUTCDay());
    expect(days).toHaveLength(10);
    expect(days).not.toContain(0);
    expect(days).not.toContain(6);
    const planned = two.body.ticks.flatMap((t: { items: { item_id: string }[] }) => t.items).find((i: { item_id: string }) => i.item_id === planItem.id);
    expect(planned).toMatchObject({ test_plan_id: plan.id, cost: 2 });
    expect(planned.journey_id).toBeUndefined();
  });

  it("coverage not met: budget_needed is the smallest budget that meets the window", async () => {
    const { client, schedule } = await scheduleWith(env(), 10, { daily_budget: 1, coverage_window_hours: 120 });
    const res = await client.get(`/api/v1/schedules/${schedule.id}/calendar`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ coverage_met: false, max_gap_hours: 240, budget_needed: 2 });
    // …and it does: with that budget the calendar says so.
    expect((await client.patch(`/api/v1/schedules/${schedule.id}`, { daily_budget: 2 })).status).toBe(200);
    const after = await client.get(`/api/v1/schedules/${schedule.id}/calendar`);
    expect(after.body).toMatchObject({ coverage_met: true, max_gap_hours: 120, budget_needed: null });
  });

  it("a paused schedule is forecast as if enabled, from now, and says paused", async () => {
    const { client, schedule } = await scheduleWith(env(), 3, { enabled: false });
    now += 2 * HOUR; // 10:00 Berlin: today's slot has passed
    const res = await client.get(`/api/v1/schedules/${schedule.id}/calendar?days=2`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ paused: true, start: new Date(now).toISOString(), daily_budget: null });
    expect(res.body.ticks.map((t: { slot_at: string }) => t.slot_at)).toEqual(["2026-06-02T07:00:00.000Z", "2026-06-03T07:00:00.000Z"]);
    // Auto budget: 3 journeys, 5 slots per window → 1 a tick.
    for (const t of res.body.ticks) expect(t.budget).toBe(1);
  });

  it("400 for days=0, days=15, days=abc and days=2.5; 404 for another tenant's schedule or a non-id; writes nothing", async () => {
    const e = env();
    const { client, schedule } = await scheduleWith(e, 2);
    for (const bad of ["0", "15", "abc", "2.5", ""]) {
      const res = await client.get(`/api/v1/schedules/${schedule.id}/calendar?days=${bad}`);
      expect(res.status, `days=${bad}`).toBe(400);
      expect(res.body.error.code).toBe("validation_error");
      expect(res.body.error.issues[0].path).toEqual(["days"]);
    }
    const other = await e.api.tenant();
    expect((await other.client.get(`/api/v1/schedules/${schedule.id}/calendar`)).status).toBe(404);
    expect((await client.get(`/api/v1/schedules/not-a-uuid/calendar`)).status).toBe(404);
    expect((await client.get(`/api/v1/schedules/${schedule.id}/runs`)).body.data).toEqual([]);
    expect((await client.get(`/api/v1/agents?schedule_id=${schedule.id}`)).body.data).toEqual([]);
  });
});

// The tenant-day plan as the API shows it (docs/adr/0008-tenant-day-reservations.md): GET /api/v1/budget's
// plan for the rest of the day, a preview's reservation and the forecast's tenant-wide verdict.
// On a virtual clock, on every test database kind.
import { afterEach, expect, it } from "vitest";
import { setRequestClock } from "@/lib/http/clock";
import { describeApi } from "./setup";
import type { ApiClient } from "../helpers/client";

afterEach(() => setRequestClock(null));

/** A schedule with `n` fresh journeys as its items. */
async function scheduleWith(client: ApiClient, projectId: string, n: number, input: Record<string, unknown>) {
  const s = await client.schedule(projectId, input);
  for (let i = 0; i < n; i++) {
    const j = await client.journey(projectId, { name: `${input.name ?? "S"} J${i}` });
    await client.item(s.id, { journey_id: j.id });
  }
  return s;
}

describeApi("tenant-day plan", (env) => {
  // The example: A (budget 10, 20 journeys) ticks at 06:00, B (auto, 5 journeys due at its
  // 14:00 slot today) later; the tenant's day has 10.
  async function example(dailyBudget = 10) {
    setRequestClock(() => new Date("2026-06-01T05:00:00Z"));
    const { client } = await env().api.tenant({ daily_agent_budget: dailyBudget });
    const project = await client.project();
    const a = await scheduleWith(client, project.id, 20, { name: "A", run_time: "06:00", daily_budget: 10, timezone: "UTC" });
    const b = await scheduleWith(client, project.id, 5, { name: "B", run_time: "14:00", coverage_window_hours: 24, timezone: "UTC" });
    return { client, a, b };
  }

  it("GET /budget lists each schedule's next slot today and what is kept for it", async () => {
    const { client, a, b } = await example();
    expect((await client.get(`/api/v1/schedules/${b.id}`)).body.effective_budget).toBe(5);
    const res = await client.get("/api/v1/budget");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ daily_agent_budget: 10, used_today: 0, remaining: 10 });
    expect(res.body.plan).toEqual({
      covered: false,
      reserved: 10,
      schedules: [
        // A's items are not due for days (120 h window): it gets what B's due items leave.
        { schedule_id: a.id, name: "A", next_slot_at: "2026-06-01T06:00:00.000Z", ticks_left_today: 1, tick_budget: 10, reserved: 5, due: 0, due_uncovered: 0 },
        { schedule_id: b.id, name: "B", next_slot_at: "2026-06-01T14:00:00.000Z", ticks_left_today: 1, tick_budget: 5, reserved: 5, due: 5, due_uncovered: 0 },
      ],
    });
  });

  it("a budget that covers every schedule's most keeps nothing from anyone", async () => {
    const { client, a } = await example(100);
    const res = await client.get("/api/v1/budget");
    expect(res.body.plan.covered).toBe(true);
    expect(res.body.plan.reserved).toBe(0);
    expect(res.body.plan.schedules.map((s: { tick_budget: number; reserved: number; due: number | null }) => [s.tick_budget, s.reserved, s.due])).toEqual([
      [10, 0, null],
      // B's auto budget did not need resolving.
      [null, 0, null],
    ]);
    const preview = await client.get(`/api/v1/schedules/${a.id}/preview`);
    expect(preview.body.budget).toEqual({ tick: 10, tenant_remaining: 100, reserved_for_others: 0 });
    expect(preview.body.selected).toHaveLength(10);
  });

  it("a preview of A shows what B keeps, and skips for tenant_budget what A's tick budget had room for", async () => {
    const { client, a } = await example();
    const res = await client.get(`/api/v1/schedules/${a.id}/preview`);
    expect(res.status).toBe(200);
    expect(res.body.budget).toEqual({ tick: 10, tenant_remaining: 10, reserved_for_others: 5 });
    expect(res.body.selected).toHaveLength(5);
    const reasons = res.body.skipped.map((k: { reason: string }) => k.reason);
    expect(reasons.filter((r: string) => r === "tenant_budget")).toHaveLength(5);
    expect(reasons.filter((r: string) => r === "not_selected")).toHaveLength(10);
  });

  it("the run of A's cron tick records the reservation; B's tick later gets its 5", async () => {
    const { client, a, b } = await example();
    process.env.CRON_SECRET = "s3cret";
    const cron = client.as("s3cret");
    setRequestClock(() => new Date("2026-06-01T06:00:10Z"));
    expect((await cron.get("/api/cron/tick")).status).toBe(200);
    const [runA] = (await client.get(`/api/v1/schedules/${a.id}/runs`)).body.data;
    expect(runA.budget).toEqual({ tick: 10, tenant_remaining_before: 10, reserved_for_others: 5, spent: 5 });
    expect(runA.skipped.filter((k: { reason: string }) => k.reason === "tenant_budget")).toHaveLength(5);
    const mid = await client.get("/api/v1/budget");
    // The 5 left cover B's most: nothing else can take them, so nothing needs keeping.
    expect(mid.body.plan).toMatchObject({ covered: true, reserved: 0, schedules: [{ schedule_id: b.id, tick_budget: null, ticks_left_today: 1 }] });

    setRequestClock(() => new Date("2026-06-01T14:00:10Z"));
    expect((await cron.get("/api/cron/tick")).status).toBe(200);
    const [runB] = (await client.get(`/api/v1/schedules/${b.id}/runs`)).body.data;
    expect(runB.budget).toEqual({ tick: 5, tenant_remaining_before: 5, reserved_for_others: 0, spent: 5 });
    expect(runB.selected).toHaveLength(5);
    const after = await client.get("/api/v1/budget");
    expect(after.body).toMatchObject({ used_today: 10, remaining: 0, plan: { reserved: 0, schedules: [] } });
  });

  it("the forecast says coverage_met false for tenant_budget when the tenant's day cannot cover every window", async () => {
    setRequestClock(() => new Date("2026-06-01T05:00:00Z"));
    const { client } = await env().api.tenant({ daily_agent_budget: 6 });
    const project = await client.project();
    // Each needs 5 a day (5 journeys, 24 h window, daily): 10 > 6.
    const s1 = await scheduleWith(client, project.id, 5, { name: "S1", run_time: "08:00", coverage_window_hours: 24, timezone: "UTC" });
    const lone = await client.get(`/api/v1/schedules/${s1.id}/preview`);
    expect(lone.body.forecast).toMatchObject({ coverage_met: true, reason: null, tenant: { daily_agent_budget: 6, needed_per_day: 5 } });

    await scheduleWith(client, project.id, 5, { name: "S2", run_time: "20:00", coverage_window_hours: 24, timezone: "Europe/Berlin" });
    const both = await client.get(`/api/v1/schedules/${s1.id}/preview`);
    expect(both.body.forecast).toMatchObject({ coverage_met: false, reason: "tenant_budget", tenant: { daily_agent_budget: 6, needed_per_day: 10 } });
    // Its own budget alone would meet the window.
    expect(both.body.forecast.max_gap_hours).toBeLessThanOrEqual(24);

    // A too-small tick budget is the schedule's own reason, whatever the tenant's.
    const small = await scheduleWith(client, project.id, 4, { name: "S3", daily_budget: 1, coverage_window_hours: 24, timezone: "UTC" });
    const own = await client.get(`/api/v1/schedules/${small.id}/preview`);
    expect(own.body.forecast).toMatchObject({ coverage_met: false, reason: "tick_budget" });
  });
});

import { afterEach, beforeEach, expect, it } from "vitest";
import { setRequestClock } from "@/lib/http/clock";
import { describeApi, type ApiEnv } from "./setup";
import type { ApiResponse } from "../helpers/client";

const HOUR = 3_600_000;

async function scheduleWith(env: ApiEnv, journeys: number, body: Record<string, unknown> = {}) {
  const { client, tenant } = await env.api.tenant({ daily_agent_budget: 1000 });
  const project = await client.project();
  const s = await client.schedule(project.id, body);
  const items = [];
  for (let i = 0; i < journeys; i++) {
    const j = await client.journey(project.id, { name: `J${i}` });
    items.push(await client.item(s.id, { journey_id: j.id }));
  }
  return { client, tenant, project, schedule: s, items };
}

// Every request of these tests reads this virtual clock, never the real one: the tenant's "today"
// (its budget), a schedule's slots and the items' staleness must not depend on when the suite runs
// (two triggers straddling midnight would see two budget days). Tests move it forward by hand.
let now = 0;
beforeEach(() => {
  now = Date.parse("2026-03-02T10:00:00Z"); // a Monday, well inside its UTC day
  setRequestClock(() => new Date(now));
});
afterEach(() => setRequestClock(null));

describeApi("trigger, runs, preview", (env) => {
  it("repeated triggers rotate through the items stalest-first within the budget", async () => {
    const { client, schedule, items } = await scheduleWith(env(), 5, { daily_budget: 2 });
    now += HOUR;
    const order: string[][] = [];
    for (let k = 0; k < 5; k++) {
      const res: ApiResponse = await client.post(`/api/v1/schedules/${schedule.id}/trigger`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ schedule_id: schedule.id, trigger: "manual", status: "dispatched", reason: null });
      expect(res.body.budget).toMatchObject({ tick: 2, spent: 2 });
      expect(res.body.agents).toEqual({ queued: 2, running: 0, passed: 0, failed: 0, error: 0 });
      for (const sel of res.body.selected) {
        expect(sel.agent_ids).toHaveLength(1);
        expect(typeof sel.score).toBe("number");
        expect(typeof sel.staleness_hours).toBe("number");
        expect(sel.journey_id).toBeTruthy();
      }
      order.push(res.body.selected.map((s: { item_id: string }) => s.item_id));
      now += HOUR;
    }
    // 5 items, 2 per tick: every item within the first 3 ticks, then the least recently run first.
    expect(new Set(order.slice(0, 3).flat())).toEqual(new Set(items.map((i) => i.id)));
    // Tick 4 takes the stalest items: whatever of tick 1 has not run again, then tick 2's.
    const lastRun = new Map<string, number>();
    order.slice(0, 3).forEach((ids, k) => ids.forEach((id) => lastRun.set(id, k)));
    const stalest = [...lastRun.entries()].sort((a, b) => a[1] - b[1]);
    expect(lastRun.get(order[3][0])).toBe(stalest[0]![1]);
    for (const id of order[3]) expect(lastRun.get(id)).toBeLessThanOrEqual(1);

    const runs = await client.get(`/api/v1/schedules/${schedule.id}/runs?limit=2`);
    expect(runs.status).toBe(200);
    expect(runs.body.data).toHaveLength(2);
    expect(runs.body.next_cursor).toBeTruthy();
    const all = [];
    let cursor: string | null = null;
    do {
      const page: ApiResponse = await client.get(`/api/v1/schedules/${schedule.id}/runs?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      all.push(...page.body.data);
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(all).toHaveLength(5);
    const starts = all.map((r) => Date.parse(r.started_at));
    expect([...starts].sort((a, b) => b - a)).toEqual(starts); // newest first

    const got = await client.get(`/api/v1/schedules/${schedule.id}`);
    expect(got.body.items.every((i: { last_run_at: string | null }) => i.last_run_at !== null)).toBe(true);
    expect(got.body.last_tick_at).not.toBeNull();
  });

  it("prioritized items keep rotating under repeated triggers, higher priorities more often", async () => {
    const { client, schedule, items } = await scheduleWith(env(), 4, { daily_budget: 1, coverage_window_hours: 240 });
    for (const [k, item] of items.entries()) {
      await client.patch(`/api/v1/schedules/${schedule.id}/items/${item.id}`, { priority: 3 - k });
    }
    const runs = new Map<string, number>();
    for (let k = 0; k < 24; k++) {
      now += 6 * HOUR;
      const res: ApiResponse = await client.post(`/api/v1/schedules/${schedule.id}/trigger`);
      for (const sel of res.body.selected) runs.set(sel.item_id, (runs.get(sel.item_id) ?? 0) + 1);
    }
    const counts = items.map((i) => runs.get(i.id) ?? 0);
    // Each ran again after its first (never-run) turn, long before its 240 h deadline.
    expect(counts.every((n) => n >= 2)).toBe(true);
    expect(counts[0]).toBeGreaterThan(counts[3]!); // priority 3 runs more often than priority 0
  });

  it("a trigger with no items writes a skipped run; with no tenant budget left, budget_exhausted", async () => {
    const e = env();
    const { client, project } = await (async () => {
      const t = await e.api.tenant({ daily_agent_budget: 1 });
      return { client: t.client, project: await t.client.project() };
    })();
    const empty = await client.schedule(project.id);
    const res = await client.post(`/api/v1/schedules/${empty.id}/trigger`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "skipped", reason: "no_items", selected: [], budget: { spent: 0 } });

    const s = await client.schedule(project.id, { daily_budget: 5 });
    for (let i = 0; i < 3; i++) await client.item(s.id, { journey_id: (await client.journey(project.id, { name: `J${i}` })).id });
    const first = await client.post(`/api/v1/schedules/${s.id}/trigger`);
    expect(first.body.budget).toMatchObject({ tick: 5, tenant_remaining_before: 1, spent: 1 });
    // The tick budget (5) had room for the other two; the tenant's day (1) did not.
    expect(first.body.skipped.map((k: { reason: string }) => k.reason)).toEqual(["tenant_budget", "tenant_budget"]);
    const second = await client.post(`/api/v1/schedules/${s.id}/trigger`);
    expect(second.body).toMatchObject({ status: "skipped", reason: "budget_exhausted", budget: { spent: 0, tenant_remaining_before: 0 } });
    expect(second.body.skipped.every((k: { reason: string }) => k.reason === "tenant_budget")).toBe(true);
    const budget = await client.get("/api/v1/budget");
    expect(budget.body).toMatchObject({ daily_agent_budget: 1, used_today: 1, remaining: 0 });
  });

  it("test-plan items cost one agent per journey", async () => {
    const { client, tenant } = await env().api.tenant();
    void tenant;
    const project = await client.project();
    const js = [];
    for (let i = 0; i < 3; i++) js.push(await client.journey(project.id, { name: `J${i}` }));
    const plan = await client.testPlan(project.id, js.map((j) => j.id));
    const s = await client.schedule(project.id, { daily_budget: 4 });
    const planItem = await client.item(s.id, { test_plan_id: plan.id, priority: 5 });
    const res = await client.post(`/api/v1/schedules/${s.id}/trigger`);
    const sel = res.body.selected.find((x: { item_id: string }) => x.item_id === planItem.id);
    expect(sel.test_plan_id).toBe(plan.id);
    expect(sel.agent_ids).toHaveLength(3);
    expect(res.body.budget.spent).toBe(3);
  });

  it("preview shows the selection and forecast and writes nothing", async () => {
    const { client, schedule } = await scheduleWith(env(), 10, { daily_budget: 2 });
    const res = await client.get(`/api/v1/schedules/${schedule.id}/preview`);
    expect(res.status).toBe(200);
    expect(res.body.budget).toMatchObject({ tick: 2, tenant_remaining: 1000 });
    expect(res.body.selected).toHaveLength(2);
    expect(res.body.skipped).toHaveLength(8);
    expect(res.body.forecast).toMatchObject({ max_gap_hours: 120, coverage_met: true });
    expect(res.body.forecast.items).toHaveLength(10);
    expect((await client.get(`/api/v1/schedules/${schedule.id}/runs`)).body.data).toEqual([]);
    const one = await client.patch(`/api/v1/schedules/${schedule.id}`, { daily_budget: 1 });
    expect(one.status).toBe(200);
    const scarce = await client.get(`/api/v1/schedules/${schedule.id}/preview`);
    expect(scarce.body.forecast).toMatchObject({ max_gap_hours: 240, coverage_met: false });
  });

  it("auto budget: 10 new journeys, 5 slots in the window → effective_budget 2", async () => {
    const { client, schedule } = await scheduleWith(env(), 10);
    const got = await client.get(`/api/v1/schedules/${schedule.id}`);
    expect(got.body.daily_budget).toBeNull();
    expect(got.body.effective_budget).toBe(2);
  });

  it("404 for another tenant's schedule and non-UUID ids; 401 without a key", async () => {
    const e = env();
    const { schedule } = await scheduleWith(e, 1);
    const { client: stranger } = await e.api.tenant();
    for (const path of [`${schedule.id}/trigger`, `${schedule.id}/runs`, `${schedule.id}/preview`, "nope/runs"]) {
      const method = path.endsWith("trigger") ? "POST" : "GET";
      expect((await stranger.request(method, `/api/v1/schedules/${path}`)).status, path).toBe(404);
      expect((await e.api.request(method, `/api/v1/schedules/${path}`)).status, path).toBe(401);
    }
  });
});

// Tenant-day reservations through the HTTP API (docs/adr/0008-tenant-day-reservations.md): a
// schedule that ticks early in the tenant's day may spend only what its day has left after the
// share set aside for the tenant's other schedules' ticks still to come today.
//
// The example: a tenant of 10 agents a day (UTC). Schedule A (explicit 10 per tick, 20 journeys)
// ticks at 06:00; schedule B (auto budget, 5 journeys, 24 h window: all 5 must run at each daily
// tick) ticks at 14:00. Ticking first come first served, A would take all 10 every morning and B
// would never run. With reservations, A gets 5 (B's 5 are set aside) and rotates through its 20
// journeys every 4 days, while B runs all 5 every day.
//
// Every request reads a virtual clock (setRequestClock); cron passes go through GET /api/cron/tick.
import { afterEach, beforeEach, expect, it } from "vitest";
import { setRequestClock } from "@/lib/http/clock";
import type { ApiClient, ApiResponse } from "../helpers/client";
import { describeApi, type ApiEnv } from "./setup";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SECRET = "tenant-reservations-secret";

type Run = {
  id: string;
  schedule_id: string;
  trigger: "cron" | "manual";
  slot_at: string;
  started_at: string;
  status: string;
  reason: string | null;
  budget: { tick: number; tenant_remaining_before: number; reserved_for_others: number; spent: number };
  selected: { item_id: string; journey_id?: string; agent_ids: string[] }[];
  skipped: { item_id: string; reason: "budget" | "not_selected" | "tenant_budget" }[];
};

let now = 0;
beforeEach(() => {
  process.env.CRON_SECRET = SECRET;
  setRequestClock(() => new Date(now));
});
afterEach(() => {
  setRequestClock(null);
  delete process.env.CRON_SECRET;
});

const at = (iso: string) => Date.parse(iso);
const utcDate = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The example tenant: budget 10 (UTC); A explicit 10 at `aRunTime`, 20 journeys; B auto, 5 journeys at 14:00, 24 h window. */
async function example(env: ApiEnv, aRunTime = "06:00") {
  const { client } = await env.api.tenant({ daily_agent_budget: 10, timezone: "UTC" });
  const project = await client.project();
  const a = await client.schedule(project.id, { name: "A", run_time: aRunTime, timezone: "UTC", daily_budget: 10 });
  const b = await client.schedule(project.id, { name: "B", run_time: "14:00", timezone: "UTC", coverage_window_hours: 24 });
  const aJourneys: string[] = [];
  for (let i = 0; i < 20; i++) {
    const j = await client.journey(project.id, { name: `A${i}` });
    await client.item(a.id, { journey_id: j.id });
    aJourneys.push(j.id);
  }
  const bJourneys: string[] = [];
  for (let i = 0; i < 5; i++) {
    const j = await client.journey(project.id, { name: `B${i}` });
    await client.item(b.id, { journey_id: j.id });
    bJourneys.push(j.id);
  }
  return { client, a, b, aJourneys, bJourneys };
}

async function cronPass(env: ApiEnv) {
  const res = await env.api.as(SECRET).get("/api/cron/tick");
  expect(res.status).toBe(200);
  expect(res.body.failed).toBe(0);
  return res.body;
}

async function allRuns(client: ApiClient, scheduleId: string): Promise<Run[]> {
  const out: Run[] = [];
  let cursor: string | null = null;
  do {
    const page: ApiResponse = await client.get(`/api/v1/schedules/${scheduleId}/runs?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
    expect(page.status).toBe(200);
    out.push(...page.body.data);
    cursor = page.body.next_cursor;
  } while (cursor);
  return out.sort((x, y) => Date.parse(x.started_at) - Date.parse(y.started_at));
}

/** Per journey, the slot instants of the runs that selected it. */
function runsByJourney(runs: Run[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of runs) {
    for (const s of r.selected) {
      const list = out.get(s.journey_id!) ?? [];
      list.push(Date.parse(r.slot_at));
      out.set(s.journey_id!, list);
    }
  }
  return out;
}

const longestGap = (xs: number[]) => xs.slice(1).reduce((g, x, k) => Math.max(g, x - xs[k]!), 0);
const count = (r: Run, reason: Run["skipped"][number]["reason"]) => r.skipped.filter((s) => s.reason === reason).length;

describeApi("tenant-day reservations", (env) => {
  it("8 weeks: A ticks first every day yet leaves B's 5; B runs all 5 daily, A rotates all 20 within 4 days", async () => {
    const e = env();
    const start = at("2026-05-04T00:00:00Z"); // a Monday
    now = at("2026-05-03T20:00:00Z");
    const { client, a, b, aJourneys, bJourneys } = await example(e);
    expect(a.next_tick_at).toBe("2026-05-04T06:00:00.000Z");
    expect(b.next_tick_at).toBe("2026-05-04T14:00:00.000Z");
    // Auto: with a 24 h window and one tick a day, every B item must run at every tick.
    const bView = await client.get(`/api/v1/schedules/${b.id}`);
    expect(bView.body.daily_budget).toBeNull();
    expect(bView.body.effective_budget).toBe(5);

    // Before the first tick, the day's plan: B's 5 are due at 14:00 and set aside; A gets the rest.
    now = start + 5 * HOUR;
    const plan = await client.get("/api/v1/budget");
    expect(plan.body).toMatchObject({ used_today: 0, remaining: 10, plan: { covered: false, reserved: 10 } });
    expect(plan.body.plan.schedules).toEqual([
      expect.objectContaining({ schedule_id: a.id, tick_budget: 10, reserved: 5, due: 0, due_uncovered: 0 }),
      expect.objectContaining({ schedule_id: b.id, tick_budget: 5, reserved: 5, due: 5, due_uncovered: 0 }),
    ]);

    const DAYS = 56;
    const t0 = performance.now();
    for (let d = 0; d < DAYS; d++) {
      const day = start + d * DAY;
      now = day + 6 * HOUR + 30_000;
      await cronPass(e);
      // Between the ticks: B's 5 are still there, though A ran this morning.
      const morning = await client.get("/api/v1/budget");
      expect(morning.body, utcDate(day)).toMatchObject({ used_today: 5, remaining: 5 });
      now = day + 14 * HOUR + 30_000;
      await cronPass(e);
      const evening = await client.get("/api/v1/budget");
      expect(evening.body, utcDate(day)).toMatchObject({ daily_agent_budget: 10, used_today: 10, remaining: 0 });
    }
    console.log(`tenant-day reservations [${e.kind}]: ${DAYS} days × 2 cron passes in ${Math.round(performance.now() - t0)} ms`);

    const aRuns = await allRuns(client, a.id);
    const bRuns = await allRuns(client, b.id);
    expect(aRuns).toHaveLength(DAYS);
    expect(bRuns).toHaveLength(DAYS);

    for (let d = 0; d < DAYS; d++) {
      const day = start + d * DAY;
      const ra = aRuns[d]!;
      const rb = bRuns[d]!;
      const label = utcDate(day);
      // A ticks first every day: the order that used to starve B.
      expect(ra, label).toMatchObject({ trigger: "cron", slot_at: new Date(day + 6 * HOUR).toISOString(), status: "dispatched" });
      expect(rb, label).toMatchObject({ trigger: "cron", slot_at: new Date(day + 14 * HOUR).toISOString(), status: "dispatched" });
      expect(Date.parse(ra.started_at)).toBeLessThan(Date.parse(rb.started_at));
      // A: the whole day is left, B's 5 are set aside, A spends the other 5.
      expect(ra.budget, label).toEqual({ tick: 10, tenant_remaining_before: 10, reserved_for_others: 5, spent: 5 });
      expect(ra.selected, label).toHaveLength(5);
      expect(ra.selected.flatMap((s) => s.agent_ids), label).toHaveLength(5);
      // Its tick budget had room for 5 more: those the tenant's day kept from running; the tick
      // budget would not have run the other 10 either.
      expect(count(ra, "tenant_budget"), label).toBe(5);
      expect(count(ra, "not_selected"), label).toBe(10);
      // B: gets exactly what was kept for it, and runs all five.
      expect(rb.budget, label).toEqual({ tick: 5, tenant_remaining_before: 5, reserved_for_others: 0, spent: 5 });
      expect(new Set(rb.selected.map((s) => s.journey_id))).toEqual(new Set(bJourneys));
      expect(rb.skipped, label).toEqual([]);
      // No day spends more than the tenant's 10 (counted from the runs' agents, apart from the counter).
      const agentsToday = [...ra.selected, ...rb.selected].reduce((n, s) => n + s.agent_ids.length, 0);
      expect(agentsToday, label).toBe(10);
    }

    // B: every journey ran every day, never more than its 24 h window apart.
    const bByJourney = runsByJourney(bRuns);
    for (const j of bJourneys) {
      const slots = bByJourney.get(j)!;
      expect(slots, j).toHaveLength(DAYS);
      expect(longestGap(slots), j).toBeLessThanOrEqual(24 * HOUR);
    }
    // A: all 20 rotate, each at least every ceil(20 / 5) = 4 days, from the first days to the last.
    const aByJourney = runsByJourney(aRuns);
    expect(new Set(aByJourney.keys())).toEqual(new Set(aJourneys));
    const firstA = start + 6 * HOUR;
    const lastA = start + (DAYS - 1) * DAY + 6 * HOUR;
    for (const j of aJourneys) {
      const slots = aByJourney.get(j)!;
      expect(slots[0]! - firstA, j).toBeLessThanOrEqual(3 * DAY);
      expect(lastA - slots[slots.length - 1]!, j).toBeLessThanOrEqual(3 * DAY);
      expect(longestGap(slots), j).toBeLessThanOrEqual(4 * DAY);
      expect(slots, j).toHaveLength((DAYS * 5) / 20);
    }
    const afterView = await client.get(`/api/v1/schedules/${b.id}`);
    expect(afterView.body.effective_budget).toBe(5);
  });

  it("a manual trigger of A mid-day, after A's own tick, keeps B's reservation: nothing runs, 10 skipped for tenant_budget", async () => {
    const e = env();
    now = at("2026-06-07T20:00:00Z");
    const { client, a, b, bJourneys } = await example(e);
    const day = at("2026-06-08T00:00:00Z");
    now = day + 6 * HOUR + 30_000;
    await cronPass(e);
    const [morning] = await allRuns(client, a.id);
    expect(morning!.budget).toEqual({ tick: 10, tenant_remaining_before: 10, reserved_for_others: 5, spent: 5 });

    now = day + 10 * HOUR;
    const res = await client.post(`/api/v1/schedules/${a.id}/trigger`);
    expect(res.status).toBe(200);
    const run = res.body as Run;
    expect(run).toMatchObject({ trigger: "manual", status: "skipped", reason: "budget_exhausted", selected: [] });
    expect(run.budget).toEqual({ tick: 10, tenant_remaining_before: 5, reserved_for_others: 5, spent: 0 });
    // Its tick budget had room for 10 items: the tenant's allowance (what B keeps) did not.
    expect(run.skipped).toHaveLength(20);
    expect(count(run, "tenant_budget")).toBe(10);
    expect(count(run, "not_selected")).toBe(10);
    expect((await client.get("/api/v1/budget")).body).toMatchObject({ used_today: 5, remaining: 5 });

    now = day + 14 * HOUR + 30_000;
    await cronPass(e);
    const [rb] = await allRuns(client, b.id);
    expect(rb!.budget).toEqual({ tick: 5, tenant_remaining_before: 5, reserved_for_others: 0, spent: 5 });
    expect(new Set(rb!.selected.map((s) => s.journey_id))).toEqual(new Set(bJourneys));
    expect((await client.get("/api/v1/budget")).body).toMatchObject({ used_today: 10, remaining: 0 });
  });

  it("a manual trigger of A mid-day, before B and A's evening tick, spends only what B does not need", async () => {
    const e = env();
    now = at("2026-07-05T20:00:00Z");
    const { client, a, b, bJourneys } = await example(e, "20:00");
    const day = at("2026-07-06T00:00:00Z");

    now = day + 10 * HOUR;
    const res = await client.post(`/api/v1/schedules/${a.id}/trigger`);
    expect(res.status).toBe(200);
    const run = res.body as Run;
    expect(run).toMatchObject({ trigger: "manual", status: "dispatched", reason: null });
    expect(run.budget).toEqual({ tick: 10, tenant_remaining_before: 10, reserved_for_others: 5, spent: 5 });
    expect(run.selected).toHaveLength(5);
    // The 15 others: the tick budget had room for 5 of them, B's reservation did not.
    expect(run.skipped).toHaveLength(15);
    expect(count(run, "tenant_budget")).toBe(5);
    expect(count(run, "not_selected")).toBe(10);

    now = day + 14 * HOUR + 30_000;
    await cronPass(e);
    const [rb] = await allRuns(client, b.id);
    expect(rb!.budget).toEqual({ tick: 5, tenant_remaining_before: 5, reserved_for_others: 0, spent: 5 });
    expect(new Set(rb!.selected.map((s) => s.journey_id))).toEqual(new Set(bJourneys));

    now = day + 20 * HOUR + 30_000;
    await cronPass(e);
    const aRuns = await allRuns(client, a.id);
    expect(aRuns).toHaveLength(2);
    expect(aRuns[1]).toMatchObject({ trigger: "cron", status: "skipped", reason: "budget_exhausted" });
    expect(aRuns[1]!.budget).toEqual({ tick: 10, tenant_remaining_before: 0, reserved_for_others: 0, spent: 0 });
    expect((await client.get("/api/v1/budget")).body).toMatchObject({ used_today: 10, remaining: 0 });
  });
});

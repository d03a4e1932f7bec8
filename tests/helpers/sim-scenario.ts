// A seeded scenario for the tick-engine simulation (tests/db/simulation.test.ts): two tenants, a
// handful of schedules in four zones, weeks of virtual time driven event by event through the real
// cron pass, with manual triggers, items added and removed, the tenant cap changed, one downtime
// and duplicate passes. Everything is set up through the domain verbs; the scenario keeps its own
// log (what it did and when) for the test to check the database rows against.
import { inArray, sql } from "drizzle-orm";
import { expect } from "vitest";
import { queryRows, type Db } from "@/lib/db";
import { schedules, type RunSelected, type RunSkipped, type tenants } from "@/lib/db/schema";
import { removeItem } from "@/lib/schedules/items";
import { updateTenant } from "@/lib/tenants/service";
import { cronPass } from "@/lib/tick/cron-pass";
import { previewTick } from "@/lib/tick/preview";
import { tickSchedule } from "@/lib/tick/tick";
import { DAY, HOUR, MINUTE, type OracleConfig, type Prng, oracleSlots, prng } from "./sim-oracle";
import { addSpareItem, makeJourneys, makePlan, makeSchedule, makeTenant } from "./world";

type TenantRow = typeof tenants.$inferSelect;

export const ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"] as const;

export type Role = "hourly" | "cov" | "covDaily" | "explicit" | "stable" | "scarce" | "capped";

export type SimTenant = {
  key: "A" | "B";
  row: TenantRow;
  tz: string;
  /** The daily budget from each instant on (ascending). */
  budgets: { at: number; budget: number }[];
};

export type SimItem = {
  /** Creation order over the whole scenario. */
  key: number;
  id: string;
  schedule: SimSchedule;
  journeyId: string | null;
  planId: string | null;
  /** The journeys its agents run: one, or the plan's. */
  journeyIds: string[];
  cost: number;
  priority: number;
  addedAt: number;
  removedAt: number | null;
  /** Added after the schedule was created. */
  late: boolean;
};

export type SimSchedule = {
  key: number;
  role: Role;
  id: string;
  tenant: SimTenant;
  cfg: OracleConfig;
  window: number;
  dailyBudget: number | null;
  createdAt: number;
  items: SimItem[];
  spareJourneys: string[];
  sparePlans: { id: string; journeyIds: string[] }[];
  /** Items may be added and removed, manual triggers may hit it. */
  mutable: boolean;
};

export type Preview = Awaited<ReturnType<typeof previewTick>>;

export type SimLog = {
  seed: number;
  season: "spring" | "autumn";
  start: number;
  end: number;
  tenants: SimTenant[];
  schedules: SimSchedule[];
  items: SimItem[];
  /** Instants of the cron passes (without the duplicates). */
  passes: number[];
  duplicatePasses: number;
  manualTriggers: { at: number; scheduleId: string }[];
  downtime: { from: number; to: number; catchUpPass: number | null };
  maxDelay: number;
  /** preview at the slot a pass is about to tick, for property 6. */
  previews: { scheduleId: string; slotAt: number; preview: Preview }[];
  /** Forecasts taken mid-way on schedules whose item set then stays the same. */
  forecasts: { scheduleId: string; at: number; preview: Preview }[];
};

export type RunLike = {
  id: string;
  scheduleId: string;
  trigger: "cron" | "manual";
  slotAt: Date;
  startedAt: Date;
  status: string;
  reason: string | null;
  budget: { tick: number; tenant_remaining_before: number; reserved_for_others: number; spent: number };
  selected: RunSelected[];
  skipped: RunSkipped[];
};

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

function shuffle<T>(rnd: Prng, xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rnd.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function runTime(rnd: Prng): string {
  return `${String(rnd.int(0, 23)).padStart(2, "0")}:${rnd.pick(["00", "15", "30", "45"])}`;
}

/** Run days, irregular ones included. */
function runDays(rnd: Prng): number[] {
  return rnd.pick([
    [3, 4, 6, 7],
    [1, 2, 3, 4, 5],
    ALL_DAYS,
    ALL_DAYS,
    [1, 3, 5],
    [...new Set([rnd.int(1, 7), rnd.int(1, 7), rnd.int(1, 7)])].sort(),
  ]);
}

type Shape = {
  role: Role;
  tenant: "A" | "B";
  interval: number;
  days: number[];
  window: number;
  items: number;
  plans: number;
  /** null: auto; "max": the total cost of every item it may ever hold (never below auto). */
  budget: number | null | "max";
  priorities: () => number;
  mutable: boolean;
};

function shapes(rnd: Prng): Shape[] {
  const prio = () => rnd.int(0, 2);
  const flat = () => 0;
  const scarceInterval = rnd.pick([5, 8]);
  return [
    // An hourly schedule on one or two days a week (irregular gaps of days between them).
    { role: "hourly", tenant: "A", interval: 1, days: rnd.pick([[3, 7], [2, 6], [6], [4]]), window: rnd.pick([6, 12, 24, 36]), items: rnd.int(5, 10), plans: 1, budget: null, priorities: prio, mutable: true },
    { role: "cov", tenant: "A", interval: rnd.pick([5, 8]), days: runDays(rnd), window: rnd.pick([24, 48, 72, 120]), items: rnd.int(12, 25), plans: 2, budget: null, priorities: prio, mutable: true },
    { role: "covDaily", tenant: "A", interval: rnd.pick([24, 48]), days: runDays(rnd), window: rnd.pick([72, 120, 168]), items: rnd.int(10, 30), plans: 1, budget: null, priorities: prio, mutable: true },
    { role: "explicit", tenant: "A", interval: rnd.pick([8, 24]), days: runDays(rnd), window: rnd.pick([24, 72]), items: rnd.int(5, 12), plans: 1, budget: "max", priorities: prio, mutable: true },
    { role: "stable", tenant: "A", interval: rnd.pick([8, 24]), days: runDays(rnd), window: rnd.pick([48, 72, 120]), items: rnd.int(8, 15), plans: 1, budget: null, priorities: prio, mutable: false },
    // Scarcity: equal priorities, unit costs, budget 2, a window of two intervals: far below auto.
    { role: "scarce", tenant: "A", interval: scarceInterval, days: rnd.pick([ALL_DAYS, [1, 2, 3, 4, 5]]), window: 2 * scarceInterval, items: rnd.int(9, 13), plans: 0, budget: 2, priorities: flat, mutable: false },
    { role: "capped", tenant: "B", interval: rnd.pick([5, 8, 24]), days: runDays(rnd), window: rnd.pick([24, 72]), items: rnd.int(8, 20), plans: 1, budget: null, priorities: prio, mutable: true },
    { role: "capped", tenant: "B", interval: rnd.pick([8, 24]), days: runDays(rnd), window: rnd.pick([48, 120]), items: rnd.int(8, 15), plans: 1, budget: rnd.int(3, 6), priorities: prio, mutable: true },
  ];
}

/** The tenant's daily budget at instant t. */
export function budgetAt(t: SimTenant, at: number): number {
  let b = t.budgets[0].budget;
  for (const e of t.budgets) if (e.at <= at) b = e.budget;
  return b;
}

type Action = { at: number; kind: "manual" | "add" | "remove" | "cap" | "forecast"; budget?: number };

export async function runScenario(db: Db, seed: number, opts: { weeks: number }): Promise<SimLog> {
  const rnd = prng(seed);
  const season = rnd.chance(0.5) ? "spring" : "autumn";
  // Mondays: spring crosses New York (Mar 8), Berlin (Mar 29), Lord Howe (Apr 5); autumn crosses
  // Lord Howe (Oct 4), Berlin (Oct 25), New York (Nov 1).
  const start = season === "spring" ? Date.UTC(2026, 1, 23, 6) : Date.UTC(2026, 8, 14, 6);
  const end = start + opts.weeks * 7 * DAY;

  const projects = new Map<SimTenant, string>();
  const mkTenant = async (key: "A" | "B", tz: string, budget: number): Promise<SimTenant> => {
    const { tenant, project } = await makeTenant(db, new Date(start), { budget, timezone: tz });
    const t: SimTenant = { key, row: tenant, tz, budgets: [{ at: start, budget }] };
    projects.set(t, project.id);
    return t;
  };
  // A: a cap that never binds (coverage, rotation, forecast); B: a cap changed now and then.
  const tA = await mkTenant("A", "Europe/Berlin", 1_000_000);
  const tB = await mkTenant("B", "Australia/Lord_Howe", 1000);

  const log: SimLog = {
    seed,
    season,
    start,
    end,
    tenants: [tA, tB],
    schedules: [],
    items: [],
    passes: [],
    duplicatePasses: 0,
    manualTriggers: [],
    downtime: { from: 0, to: 0, catchUpPass: null },
    maxDelay: 0,
    previews: [],
    forecasts: [],
  };

  const addTracked = async (s: SimSchedule, kind: "journey" | "plan", at: number, late: boolean) => {
    const priority = s.role === "scarce" ? 0 : rnd.int(0, 2);
    const { view, journeyIds, planId } = await addSpareItem(db, s.tenant.row.id, s, kind, priority, at);
    const item: SimItem = {
      key: log.items.length,
      id: view.id,
      schedule: s,
      journeyId: kind === "journey" ? journeyIds[0] : null,
      planId,
      journeyIds,
      cost: journeyIds.length,
      priority,
      addedAt: at,
      removedAt: null,
      late,
    };
    s.items.push(item);
    log.items.push(item);
  };

  // Schedules: every zone twice, in a random order.
  const zones = shuffle(rnd, [...ZONES, ...ZONES]);
  const spec = shapes(rnd);
  for (let k = 0; k < spec.length; k++) {
    const sh = spec[k];
    const tenant = sh.tenant === "A" ? tA : tB;
    const projectId = projects.get(tenant)!;
    const createdAt = start + rnd.int(0, 600) * 1000;
    const spareJ = sh.mutable ? rnd.int(3, 6) : 0;
    const spareP = sh.mutable && sh.plans > 0 ? 1 : 0;
    const planSizes = Array.from({ length: sh.plans + spareP }, () => rnd.int(2, 3));
    const nJourneys = sh.items + spareJ + planSizes.reduce((a, b) => a + b, 0);
    const js = (await makeJourneys(db, tenant.row.id, projectId, nJourneys, new Date(createdAt))).map((j) => j.id);
    const plans: { id: string; journeyIds: string[] }[] = [];
    let cursor = sh.items + spareJ;
    for (const size of planSizes) {
      const ids = js.slice(cursor, cursor + size);
      cursor += size;
      const p = await makePlan(db, tenant.row.id, projectId, ids, new Date(createdAt));
      plans.push({ id: p.id, journeyIds: ids });
    }
    const maxCost = sh.items + spareJ + planSizes.reduce((a, b) => a + b, 0);
    const dailyBudget = sh.budget === "max" ? maxCost : sh.budget;
    const tz = zones[k];
    const cfgBase = { run_time: runTime(rnd), run_days: sh.days, tick_interval_hours: sh.interval };
    const view = await makeSchedule(db, tenant.row, projectId, new Date(createdAt), {
      name: `${sh.role}-${k}`,
      timezone: tz,
      ...cfgBase,
      coverage_window_hours: sh.window,
      daily_budget: dailyBudget,
    });
    const [row] = await db.select({ anchorDate: schedules.anchorDate }).from(schedules).where(inArray(schedules.id, [view.id]));
    const s: SimSchedule = {
      key: k,
      role: sh.role,
      id: view.id,
      tenant,
      cfg: { timezone: tz, runTime: cfgBase.run_time, runDays: sh.days, tickIntervalHours: sh.interval, anchorDate: row!.anchorDate },
      window: sh.window,
      dailyBudget,
      createdAt,
      items: [],
      spareJourneys: js.slice(sh.items, sh.items + spareJ),
      sparePlans: plans.slice(sh.plans),
      mutable: sh.mutable,
    };
    // Initial items: the journeys, with the plans among them, in a random order.
    const initial: { kind: "journey" | "plan"; idx: number }[] = [
      ...Array.from({ length: sh.items }, (_, i) => ({ kind: "journey" as const, idx: i })),
      ...Array.from({ length: sh.plans }, (_, i) => ({ kind: "plan" as const, idx: i })),
    ];
    const initialJourneys = js.slice(0, sh.items);
    const initialPlans = plans.slice(0, sh.plans);
    for (const it of shuffle(rnd, initial)) {
      if (it.kind === "journey") s.spareJourneys.unshift(initialJourneys[it.idx]);
      else s.sparePlans.unshift(initialPlans[it.idx]);
      await addTracked(s, it.kind, createdAt, false);
    }
    log.schedules.push(s);
  }

  // The script: manual triggers, items added and removed, the tenant cap changed, forecasts.
  const actions: Action[] = [];
  const at = (fromDay: number, toDay: number) => start + rnd.int(fromDay * 24 * 60, toDay * 24 * 60) * MINUTE + rnd.int(1, 59_999);
  const days = opts.weeks * 7;
  for (let i = 0; i < 18; i++) actions.push({ at: at(1, days - 1), kind: "manual" });
  for (let i = 0; i < 12; i++) actions.push({ at: at(2, days - 3), kind: "add" });
  for (let i = 0; i < 8; i++) actions.push({ at: at(2, days - 3), kind: "remove" });
  // Tenant B's cap alternates between tight and plenty, about weekly.
  for (let w = 0; w < opts.weeks; w++) {
    actions.push({ at: start + w * 7 * DAY + rnd.int(2, 5) * DAY + rnd.int(0, 1439) * MINUTE + 7_777, kind: "cap", budget: w % 2 === 0 ? rnd.pick([0, 2, 4, 8]) : 1000 });
  }
  actions.push({ at: start + 14 * DAY + rnd.int(0, 600) * MINUTE + 1234, kind: "forecast" });
  actions.sort((a, b) => a.at - b.at);

  // One downtime: no pass (and no API call) for 18–30 hours, on a Tuesday–Wednesday of weeks 5–7.
  const downFrom = start + (7 * rnd.int(4, Math.min(6, opts.weeks - 2)) + 1) * DAY + rnd.int(0, 12) * HOUR + rnd.int(0, 59) * MINUTE;
  const downTo = downFrom + rnd.int(18, 30) * HOUR;
  log.downtime = { from: downFrom, to: downTo, catchUpPass: null };

  const ids = log.schedules.map((s) => s.id);
  const byId = new Map(log.schedules.map((s) => [s.id, s]));
  const slotCache = new Map<string, number[]>();
  const oracleOf = (s: SimSchedule) => {
    let v = slotCache.get(s.id);
    if (!v) slotCache.set(s.id, (v = oracleSlots(s.cfg, s.createdAt, end + 14 * DAY)));
    return v;
  };
  const latestSlot = (s: SimSchedule, t: number) => {
    let best: number | null = null;
    for (const x of oracleOf(s)) {
      if (x > t) break;
      best = x;
    }
    return best;
  };

  const doAction = async (a: Action) => {
    const now = new Date(a.at);
    const mutable = log.schedules.filter((s) => s.mutable);
    if (a.kind === "manual") {
      const s = rnd.pick(mutable);
      await tickSchedule(db, { trigger: "manual", scheduleId: s.id, tenantId: s.tenant.row.id, now });
      log.manualTriggers.push({ at: a.at, scheduleId: s.id });
    } else if (a.kind === "add") {
      const s = rnd.pick(mutable.filter((x) => x.spareJourneys.length + x.sparePlans.length > 0));
      if (!s) return;
      const kind = s.sparePlans.length > 0 && (s.spareJourneys.length === 0 || rnd.chance(0.3)) ? "plan" : "journey";
      await addTracked(s, kind, a.at, true);
    } else if (a.kind === "remove") {
      const s = rnd.pick(mutable);
      const live = s.items.filter((i) => i.removedAt === null);
      if (live.length <= 3) return;
      const victim = rnd.pick(live);
      await removeItem(db, s.tenant.row.id, s.id, victim.id);
      victim.removedAt = a.at;
    } else if (a.kind === "cap") {
      await updateTenant(db, tB.row.id, { daily_agent_budget: a.budget! }, now);
      tB.budgets.push({ at: a.at, budget: a.budget! });
    } else if (a.kind === "forecast") {
      for (const s of log.schedules.filter((x) => x.role === "stable" || x.role === "scarce")) {
        log.forecasts.push({ scheduleId: s.id, at: a.at, preview: await previewTick(db, tA.row, s.id, now) });
      }
    }
  };

  const delay = () =>
    rnd.pick([0, 0, rnd.int(1, 59) * 1000, rnd.int(1, 59) * 1000 + rnd.int(1, 999), rnd.int(60, 240) * 1000]);
  log.maxDelay = 240_000;

  let passNo = 0;
  let clock = start; // virtual time only moves forward
  let planned: number | null = null; // the next pass, drawn once (actions do not move slots)
  for (;;) {
    const rows = await queryRows<{ id: string; next_tick_at: string | Date | null }>(
      db,
      sql`select id, next_tick_at from schedules where id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`,
    );
    const nexts = rows.filter((r) => r.next_tick_at !== null).map((r) => ({ id: r.id, at: new Date(r.next_tick_at!).getTime() }));
    if (nexts.length === 0) throw new Error("no schedule has a next tick");
    if (planned === null) {
      planned = Math.max(clock, Math.min(...nexts.map((n) => n.at)) + delay());
      if (planned >= downFrom && planned < downTo) planned = downTo + delay();
    }
    const passAt = planned;
    // Actions due before the pass happen first (none while the service is down).
    if (actions.length > 0 && actions[0].at < passAt && actions[0].at <= end) {
      const a = actions.shift()!;
      expect(a.at).toBeGreaterThanOrEqual(clock);
      clock = a.at;
      if (!(a.at >= downFrom && a.at < downTo) || a.kind === "cap") await doAction(a);
      continue;
    }
    if (passAt > end) break;
    planned = null;
    clock = passAt;

    // Property 6: a preview at the slot this pass is about to tick (tenant A: its cap never binds,
    // so what is left of its day cannot differ) must select what the tick then selects.
    for (const n of nexts) {
      const s = byId.get(n.id)!;
      if (n.at > passAt || s.tenant !== tA || !rnd.chance(0.06)) continue;
      const slotAt = latestSlot(s, passAt);
      if (slotAt === null) continue;
      log.previews.push({ scheduleId: s.id, slotAt, preview: await previewTick(db, tA.row, s.id, new Date(slotAt)) });
    }

    const res = await cronPass(db, { now: new Date(passAt) });
    expect(res.failed, `cron pass at ${new Date(passAt).toISOString()}`).toBe(0);
    expect(res.ticked).toBeGreaterThan(0);
    log.passes.push(passAt);
    if (passAt >= downTo && log.downtime.catchUpPass === null) log.downtime.catchUpPass = passAt;
    // Property 7: a duplicate delivery at the same instant changes nothing.
    if (rnd.chance(0.1)) {
      const again = await cronPass(db, { now: new Date(passAt) });
      expect(again).toMatchObject({ due: 0, ticked: 0, failed: 0 });
      log.duplicatePasses++;
    }
    // Workers: the queued agents finish, so runs complete (and the dispatched set stays small).
    if (++passNo % 4 === 0) {
      await db.execute(sql`update agents set status = 'passed', started_at = ${new Date(passAt).toISOString()}::timestamptz,
                                finished_at = ${new Date(passAt).toISOString()}::timestamptz
                          where status = 'queued' and schedule_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`);
    }
  }
  return log;
}

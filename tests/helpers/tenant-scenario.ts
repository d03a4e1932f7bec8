// A seeded scenario for the tenant-day simulation (tests/db/tenant-simulation.test.ts): three
// tenants in different zones, each with 5–10 schedules in several zones and run times (every 12,
// 24 or 48 hours, various run days and windows), weeks of virtual time driven through the real
// cron pass at the earliest next_tick_at, with churn: items added and removed, schedules created,
// paused (and resumed), deleted, and a few manual triggers. Everything goes through the domain
// verbs; the scenario keeps its own log for the test to check the rows against.
//   A "cover": auto budgets; its daily budget is meant to cover every schedule's auto budget at
//     each of its ticks of the day (the test checks from the runs that it did).
//   B "binding": mostly auto budgets, a daily budget well below what they ask for.
//   C "binding": mostly explicit budgets and a few test plans, a daily budget below their sum.
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { queryRows, type Db } from "@/lib/db";
import { schedules as schedulesTable, type tenants } from "@/lib/db/schema";
import { slotsPerWindow } from "@/lib/engine/budget";
import { slotSource } from "@/lib/engine/slots";
import { removeItem } from "@/lib/schedules/items";
import { deleteSchedule, updateSchedule } from "@/lib/schedules/service";
import { cronPass } from "@/lib/tick/cron-pass";
import { tickSchedule } from "@/lib/tick/tick";
import { DAY, HOUR, MINUTE, type OracleConfig, type Prng, localDateOf, oracleSlots, prng } from "./sim-oracle";
import { addSpareItem, makeJourneys, makePlan, makeSchedule, makeTenant } from "./world";

type TenantRow = typeof tenants.$inferSelect;

export const TENANT_ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Asia/Tokyo", "UTC"] as const;

export type Kind = "cover" | "binding";

export type TItem = {
  key: number;
  id: string;
  schedule: TSchedule;
  journeyIds: string[];
  planId: string | null;
  cost: number;
  priority: number;
  addedAt: number;
  removedAt: number | null;
};

export type TSchedule = {
  key: string;
  id: string;
  tenant: TTenant;
  cfg: OracleConfig;
  window: number;
  /** null: auto. */
  dailyBudget: number | null;
  createdAt: number;
  /** Paused from `from` to `to` (null: still paused). */
  pauses: { from: number; to: number | null }[];
  deletedAt: number | null;
  items: TItem[];
  spareJourneys: string[];
  sparePlans: { id: string; journeyIds: string[] }[];
};

export type TTenant = {
  key: "A" | "B" | "C";
  kind: Kind;
  row: TenantRow;
  tz: string;
  dailyBudget: number;
  schedules: TSchedule[];
};

export type TenantLog = {
  seed: number;
  start: number;
  end: number;
  tenants: TTenant[];
  schedules: TSchedule[];
  items: TItem[];
  passes: number[];
  manualTriggers: { at: number; scheduleId: string }[];
  /** What the scenario did, in order, for a failure message. */
  actions: string[];
};

type Shape = {
  interval: number;
  days: number[];
  window: number;
  items: number;
  plans: number;
  spare: number;
  budget: number | null;
  priority: () => number;
};

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

function runTime(rnd: Prng): string {
  return `${String(rnd.int(0, 23)).padStart(2, "0")}:${rnd.pick(["00", "00", "30"])}`;
}

function shape(rnd: Prng, kind: Kind | "explicit"): Shape {
  const interval = rnd.pick([24, 24, 24, 12, 48]);
  const days =
    interval === 12
      ? rnd.pick([ALL_DAYS, ALL_DAYS, [1, 2, 3, 4, 5]])
      : interval === 48
        ? rnd.pick([ALL_DAYS, [1, 3, 5, 7]])
        : rnd.pick([ALL_DAYS, ALL_DAYS, [1, 2, 3, 4, 5], [3, 4, 6, 7]]);
  // Windows of at least two slot intervals (a shorter one asks for every item at every tick).
  const window = rnd.pick([48, 72, 96, 120, 168].filter((w) => w >= 2 * interval));
  const items = rnd.int(3, kind === "cover" ? 10 : 12);
  const explicit = kind === "explicit" || (kind === "binding" && rnd.chance(0.25));
  // A test plan (2–3 journeys) only where the explicit budget can run it.
  const plans = kind === "explicit" && rnd.chance(0.4) ? 1 : 0;
  return {
    interval,
    days,
    window,
    items,
    plans,
    spare: rnd.int(1, 4),
    budget: explicit ? rnd.int(plans > 0 ? 3 : 1, 4) : null,
    priority: kind === "cover" ? () => rnd.int(0, 2) : () => 0,
  };
}

/** The tick instants of a schedule per tenant-local date, over [from, to]. */
function ticksPerTenantDay(cfg: OracleConfig, tz: string, from: number, to: number): number {
  const perDay = new Map<string, number>();
  for (const t of oracleSlots(cfg, from, to)) {
    const d = localDateOf(tz, t);
    perDay.set(d, (perDay.get(d) ?? 0) + 1);
  }
  return Math.max(0, ...perDay.values());
}

type Planned = { shape: Shape; tz: string; runTime: string; lateAt: number | null };

export async function runTenantScenario(db: Db, seed: number, opts: { weeks: number }): Promise<TenantLog> {
  const rnd = prng(seed);
  const start = Date.UTC(2026, 0, 5) + rnd.int(0, 280) * DAY + rnd.int(0, 23) * HOUR;
  const end = start + opts.weeks * 7 * DAY;
  const log: TenantLog = { seed, start, end, tenants: [], schedules: [], items: [], passes: [], manualTriggers: [], actions: [] };
  const note = (at: number, what: string) => log.actions.push(`${new Date(at).toISOString()} ${what}`);
  const zones = [...TENANT_ZONES];

  const addTracked = async (s: TSchedule, kind: "journey" | "plan", at: number) => {
    const priority = s.tenant.kind === "cover" ? rnd.int(0, 2) : 0;
    const { view, journeyIds, planId } = await addSpareItem(db, s.tenant.row.id, s, kind, priority, at);
    const item: TItem = { key: log.items.length, id: view.id, schedule: s, journeyIds, planId, cost: journeyIds.length, priority, addedAt: at, removedAt: null };
    s.items.push(item);
    log.items.push(item);
  };

  const create = async (t: TTenant, projectId: string, p: Planned, k: number, at: number) => {
    const sh = p.shape;
    const planSizes = Array.from({ length: sh.plans }, () => rnd.int(2, 3));
    const nJourneys = sh.items + sh.spare + planSizes.reduce((a, b) => a + b, 0);
    const js = (await makeJourneys(db, t.row.id, projectId, nJourneys, new Date(at))).map((j) => j.id);
    const plans: { id: string; journeyIds: string[] }[] = [];
    let cursor = sh.items + sh.spare;
    for (const size of planSizes) {
      const ids = js.slice(cursor, cursor + size);
      cursor += size;
      plans.push({ id: (await makePlan(db, t.row.id, projectId, ids, new Date(at))).id, journeyIds: ids });
    }
    const view = await makeSchedule(db, t.row, projectId, new Date(at), {
      name: `${t.key}${k}`,
      timezone: p.tz,
      run_time: p.runTime,
      run_days: sh.days,
      tick_interval_hours: sh.interval,
      coverage_window_hours: sh.window,
      daily_budget: sh.budget,
    });
    const [row] = await queryRows<{ anchor_date: string }>(db, sql`select anchor_date from schedules where id = ${view.id}::uuid`);
    const s: TSchedule = {
      key: `${t.key}${k}`,
      id: view.id,
      tenant: t,
      cfg: { timezone: p.tz, runTime: p.runTime, runDays: sh.days, tickIntervalHours: sh.interval, anchorDate: row!.anchor_date },
      window: sh.window,
      dailyBudget: sh.budget,
      createdAt: at,
      pauses: [],
      deletedAt: null,
      items: [],
      spareJourneys: js.slice(0, sh.items + sh.spare),
      sparePlans: plans,
    };
    for (let i = 0; i < sh.items; i++) await addTracked(s, "journey", at);
    for (let i = 0; i < sh.plans; i++) await addTracked(s, "plan", at);
    t.schedules.push(s);
    log.schedules.push(s);
    note(at, `create ${s.key} ${p.tz} ${p.runTime} every ${sh.interval} h on ${sh.days.join("")}, window ${sh.window} h, budget ${sh.budget ?? "auto"}, ${s.items.length} items`);
    return s;
  };

  // Per tenant: its schedules (one of them created mid-way), then its daily budget from what the
  // schedules ask for: per schedule, its auto budget's floor ceil(items / slots per window) (the
  // explicit budget, when set) times its most ticks in one tenant day.
  type Draft = { t: Omit<TTenant, "row" | "dailyBudget">; projectTz: string; planned: Planned[] };
  const drafts: Draft[] = (["A", "B", "C"] as const).map((key) => {
    const kind: Kind = key === "A" ? "cover" : "binding";
    const tz = zones.splice(rnd.int(0, zones.length - 1), 1)[0]!;
    const count = rnd.int(5, 8);
    const planned: Planned[] = Array.from({ length: count }, (_, k) => ({
      shape: shape(rnd, key === "C" ? (rnd.chance(0.75) ? "explicit" : "binding") : kind),
      tz: k === 0 ? tz : rnd.pick(TENANT_ZONES),
      runTime: runTime(rnd),
      // The last one is created during the run.
      lateAt: k === count - 1 ? start + rnd.int(7, 28) * DAY + rnd.int(0, 23 * 60) * MINUTE + 17_000 : null,
    }));
    return { t: { key, kind, tz, schedules: [] }, projectTz: tz, planned };
  });
  const needOf = (d: Draft) =>
    d.planned.reduce((sum, p) => {
      const cfg: OracleConfig = { timezone: p.tz, runTime: p.runTime, runDays: p.shape.days, tickIntervalHours: p.shape.interval, anchorDate: localDateOf(p.tz, start) };
      const slots = slotSource(cfg);
      let spw = Infinity;
      for (let t = start; t < end; t += 7 * HOUR) spw = Math.min(spw, slotsPerWindow(slots, t, p.shape.window));
      const most = p.shape.items + p.shape.spare + p.shape.plans * 3;
      const perTick = p.shape.budget ?? Math.ceil(most / spw);
      return sum + perTick * ticksPerTenantDay(cfg, d.t.tz, start, end);
    }, 0);

  const pending = new Map<TTenant, { projectId: string; later: { p: Planned; k: number }[] }>();
  for (const d of drafts) {
    const need = needOf(d);
    // A: the estimate (it counts every item a schedule may ever hold, so it leaves room for the
    // auto budgets to rise above their floor when deadlines bunch); B: about half of it; C: about
    // two thirds of its explicit budgets' ticks.
    const dailyBudget = d.t.kind === "cover" ? need + 2 : Math.max(2, Math.floor((d.t.key === "B" ? 0.45 : 0.6) * need));
    const { tenant, project } = await makeTenant(db, new Date(start), { budget: dailyBudget, timezone: d.t.tz });
    const t: TTenant = { ...d.t, row: tenant, dailyBudget };
    log.tenants.push(t);
    note(start, `tenant ${t.key} (${t.kind}) in ${t.tz}: daily budget ${dailyBudget} (estimated need ${need})`);
    for (const [k, p] of d.planned.entries()) {
      if (p.lateAt === null) await create(t, project.id, p, k, start + rnd.int(0, 600) * 1000);
    }
    pending.set(t, { projectId: project.id, later: d.planned.flatMap((p, k) => (p.lateAt === null ? [] : [{ p, k }])) });
  }

  // The script.
  type Action = { at: number; tenant: TTenant; kind: "add" | "remove" | "create" | "pause" | "resume" | "delete" | "manual"; ref?: number };
  const actions: Action[] = [];
  const at = (fromDay: number, toDay: number) => start + rnd.int(fromDay * 24 * 60, toDay * 24 * 60) * MINUTE + rnd.int(1, 59_999);
  const days = opts.weeks * 7;
  for (const t of log.tenants) {
    for (let i = 0; i < 8; i++) actions.push({ at: at(2, days - 4), tenant: t, kind: "add" });
    for (let i = 0; i < 5; i++) actions.push({ at: at(2, days - 4), tenant: t, kind: "remove" });
    for (const [i, l] of pending.get(t)!.later.entries()) actions.push({ at: l.p.lateAt!, tenant: t, kind: "create", ref: i });
    const pauseAt = at(10, 30);
    actions.push({ at: pauseAt, tenant: t, kind: "pause" });
    // A paused schedule of A stays paused (a resumed one would owe all its items at once).
    if (t.kind === "binding") actions.push({ at: pauseAt + rnd.int(3, 9) * DAY + rnd.int(0, 600) * MINUTE, tenant: t, kind: "resume" });
    actions.push({ at: at(20, days - 10), tenant: t, kind: "delete" });
    if (t.kind === "binding") for (let i = 0; i < 4; i++) actions.push({ at: at(1, days - 1), tenant: t, kind: "manual" });
  }
  actions.sort((a, b) => a.at - b.at);

  const live = (t: TTenant) => t.schedules.filter((s) => s.deletedAt === null);
  const running = (t: TTenant) => live(t).filter((s) => s.pauses.every((p) => p.to !== null));
  const paused = new Map<TTenant, TSchedule>();
  const doAction = async (a: Action) => {
    const now = new Date(a.at);
    const t = a.tenant;
    if (a.kind === "add") {
      const s = rnd.pick(live(t).filter((x) => x.spareJourneys.length + x.sparePlans.length > 0));
      if (!s) return;
      const kind = s.sparePlans.length > 0 && (s.spareJourneys.length === 0 || rnd.chance(0.4)) ? "plan" : "journey";
      await addTracked(s, kind, a.at);
      note(a.at, `add an item to ${s.key}`);
    } else if (a.kind === "remove") {
      const s = rnd.pick(live(t));
      const present = s.items.filter((i) => i.removedAt === null);
      if (present.length <= 2) return;
      const victim = rnd.pick(present);
      await removeItem(db, t.row.id, s.id, victim.id);
      victim.removedAt = a.at;
      note(a.at, `remove item #${victim.key} of ${s.key}`);
    } else if (a.kind === "create") {
      const { projectId, later } = pending.get(t)!;
      const l = later[a.ref!]!;
      await create(t, projectId, l.p, l.k, a.at);
    } else if (a.kind === "pause") {
      const s = rnd.pick(running(t));
      await updateSchedule(db, t.row.id, s.id, { enabled: false }, now);
      s.pauses.push({ from: a.at, to: null });
      paused.set(t, s);
      note(a.at, `pause ${s.key}`);
    } else if (a.kind === "resume") {
      const s = paused.get(t);
      if (!s || s.deletedAt !== null) return;
      await updateSchedule(db, t.row.id, s.id, { enabled: true }, now);
      s.pauses[s.pauses.length - 1]!.to = a.at;
      note(a.at, `resume ${s.key}`);
    } else if (a.kind === "delete") {
      // Not the paused one (its pause is checked as a pause), nor the last two running.
      const candidates = running(t);
      if (candidates.length <= 3) return;
      const s = rnd.pick(candidates);
      await deleteSchedule(db, t.row.id, s.id, now);
      s.deletedAt = a.at;
      for (const i of s.items) if (i.removedAt === null) i.removedAt = a.at;
      note(a.at, `delete ${s.key}`);
    } else if (a.kind === "manual") {
      const s = rnd.pick(running(t));
      await tickSchedule(db, { trigger: "manual", scheduleId: s.id, tenantId: t.row.id, now });
      log.manualTriggers.push({ at: a.at, scheduleId: s.id });
      note(a.at, `manual trigger of ${s.key}`);
    }
  };

  let passNo = 0;
  let clock = start;
  for (;;) {
    const [next] = await queryRows<{ at: string | Date | null }>(
      db,
      sql`select min(${schedulesTable.nextTickAt}) as at from ${schedulesTable}
           where ${schedulesTable.enabled} and ${schedulesTable.deletedAt} is null
             and ${schedulesTable.tenantId} in (${sql.join(log.tenants.map((t) => sql`${t.row.id}::uuid`), sql`, `)})`,
    );
    const passAt = next?.at == null ? Infinity : new Date(next.at).getTime();
    if (actions.length > 0 && actions[0]!.at < passAt && actions[0]!.at <= end) {
      const a = actions.shift()!;
      expect(a.at).toBeGreaterThanOrEqual(clock);
      clock = a.at;
      await doAction(a);
      continue;
    }
    if (passAt > end) break;
    clock = passAt;
    const res = await cronPass(db, { now: new Date(passAt) });
    expect(res.failed, `cron pass at ${new Date(passAt).toISOString()}`).toBe(0);
    expect(res.ticked).toBeGreaterThan(0);
    log.passes.push(passAt);
    // Workers: the queued agents finish, so runs complete.
    if (++passNo % 8 === 0) {
      await db.execute(sql`update agents set status = 'passed', started_at = ${new Date(passAt).toISOString()}::timestamptz,
                                finished_at = ${new Date(passAt).toISOString()}::timestamptz
                          where status = 'queued' and tenant_id in (${sql.join(log.tenants.map((t) => sql`${t.row.id}::uuid`), sql`, `)})`);
    }
  }
  return log;
}

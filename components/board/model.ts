// The board's view of a schedule: its items with the names and costs the library lists carry
// (the schedule's items only hold ids), and the words the board uses for staleness.
import type { Journey, ScheduleItem, TestPlan } from "@/components/data/types";
import type { Tone } from "@/components/ui/pill";

export type Kind = "journey" | "plan";

export type Entry = {
  id: string;
  kind: Kind;
  targetId: string;
  name: string;
  /** Agents a tick spends on it: 1 for a journey, one per journey of a plan. */
  cost: number;
  lastRunAt: string | null;
  /** Added optimistically: the API has not answered yet. */
  pending?: boolean;
};

export type LibraryCard = { kind: Kind; id: string; name: string; detail: string; cost: number; inSchedule: boolean };

export type Library = { journeys: Map<string, Journey>; plans: Map<string, TestPlan> };

export function toEntry(item: ScheduleItem, lib: Library, pending = false): Entry {
  if (item.test_plan_id) {
    const plan = lib.plans.get(item.test_plan_id);
    return {
      id: item.id,
      kind: "plan",
      targetId: item.test_plan_id,
      name: plan?.name ?? "Deleted test plan",
      cost: plan?.journey_ids.length ?? 0,
      lastRunAt: item.last_run_at,
      pending,
    };
  }
  const journey = lib.journeys.get(item.journey_id!);
  return { id: item.id, kind: "journey", targetId: item.journey_id!, name: journey?.name ?? "Deleted journey", cost: 1, lastRunAt: item.last_run_at, pending };
}

export const agents = (n: number) => `${n} agent${n === 1 ? "" : "s"}`;
export const kindWord = (k: Kind) => (k === "plan" ? "Test plan" : "Journey");
/** A library card's / an entry's draggable id: library ids never collide with item ids. */
export const libraryDragId = (kind: Kind, id: string) => `lib:${kind}:${id}`;
export const parseLibraryDragId = (dragId: string): { kind: Kind; id: string } | null => {
  const m = /^lib:(journey|plan):(.+)$/.exec(dragId);
  return m ? { kind: m[1] as Kind, id: m[2]! } : null;
};

/** `word` is empty for an item never run: its row says "Never run" already. */
export type Staleness = { ratio: number; hours: number | null; tone: Tone; word: string; explain: string };

/** Time since the last run against the coverage window: green under half, amber under all, red overdue. */
export function staleness(lastRunAt: string | null, windowHours: number, now: number): Staleness {
  if (!lastRunAt) {
    // No word: the row's last-run column already says "Never run" (the bar and its label still tell).
    return { ratio: 1, hours: null, tone: "warn", word: "", explain: `Staleness: never run yet; a tick runs it as soon as the budget allows (${windowHours} h coverage window)` };
  }
  const hours = Math.max(0, (now - Date.parse(lastRunAt)) / 3_600_000);
  const ratio = hours / windowHours;
  const [tone, word]: [Tone, string] = ratio < 0.5 ? ["ok", "Fresh"] : ratio < 1 ? ["warn", "Due soon"] : ["bad", "Overdue"];
  return { ratio, hours, tone, word, explain: `Staleness: ${Math.round(hours)} h since last run against a ${windowHours} h coverage window` };
}

// Schedules in plain words: "Weekdays at 09:00 Europe/Berlin — every journey at least every 5 days".
const DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export type Cadence = {
  run_days: number[];
  run_time: string;
  timezone: string;
  tick_interval_hours: number;
  coverage_window_hours: number;
  daily_budget: number | null;
};

export function daysInWords(days: readonly number[]): string {
  const set = [...new Set(days)].sort((a, b) => a - b);
  if (set.length === 7) return "Every day";
  if (set.join() === "1,2,3,4,5") return "Weekdays";
  if (set.join() === "6,7") return "Weekends";
  return set.map((d) => DAY_NAMES[d - 1]).join(", ");
}

/** "5 days", "36 h", "1 week". */
export function hoursInWords(hours: number): string {
  if (hours % 168 === 0) return hours === 168 ? "1 week" : `${hours / 168} weeks`;
  if (hours % 24 === 0) return hours === 24 ? "1 day" : `${hours / 24} days`;
  return `${hours} h`;
}

/** "Weekdays at 09:00 Europe/Berlin", "Every day from 09:00 UTC, every 6 h". */
export function cadenceInWords(c: Pick<Cadence, "run_days" | "run_time" | "timezone" | "tick_interval_hours">): string {
  const days = daysInWords(c.run_days);
  if (c.tick_interval_hours % 24 === 0) {
    const every = c.tick_interval_hours === 24 ? "" : `, every ${hoursInWords(c.tick_interval_hours)}`;
    return `${days} at ${c.run_time} ${c.timezone}${every}`;
  }
  return `${days} from ${c.run_time} ${c.timezone}, every ${hoursInWords(c.tick_interval_hours)}`;
}

export function budgetInWords(dailyBudget: number | null, effective: number): string {
  const n = dailyBudget ?? effective;
  const agents = `${n} agent${n === 1 ? "" : "s"} a tick`;
  return dailyBudget === null ? `auto · ${agents}` : agents;
}

/** The one-line summary of a schedule, as the header and the editor show it. */
export function scheduleSummary(c: Cadence, effectiveBudget: number): string {
  return `${cadenceInWords(c)} — every journey at least every ${hoursInWords(c.coverage_window_hours)}; ${budgetInWords(c.daily_budget, effectiveBudget)}`;
}

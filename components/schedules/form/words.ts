// The form's numbers in words, next to the boxes that hold them.
import { budgetInWords, cadenceInWords, hoursInWords } from "@/components/schedules/summary";
import type { ScheduleFormValues } from "./form-values";

const whole = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : null);

/** "a tick every 24 h = once a day", "a tick every 6 h = 4 times a day". */
export function intervalInWords(hoursText: string): string {
  const h = whole(hoursText);
  if (!h) return "How often a tick looks for work to start, in hours (1–168).";
  let rate: string;
  if (h === 24) rate = "once a day";
  else if (h === 168) rate = "once a week";
  else if (h < 24 && 24 % h === 0) rate = `${24 / h} times a day`;
  else rate = `every ${hoursInWords(h)}`;
  return `A tick every ${h} h = ${rate} (on run days).`;
}

/** "every journey at least every 5 days". */
export function windowInWords(hoursText: string): string {
  const h = whole(hoursText);
  if (!h) return "The longest a journey may go without a run, in hours.";
  return `Every journey at least every ${hoursInWords(h)}.`;
}

/** The live one-line summary under the form, the way the schedule's header will read it. */
export function liveSummary(v: ScheduleFormValues, autoBudget: number | null): string {
  const interval = whole(v.tick_interval_hours);
  const windowH = whole(v.coverage_window_hours);
  const days = v.run_days.length ? v.run_days : null;
  if (!days || !interval || !/^\d\d:\d\d$/.test(v.run_time) || !v.timezone.trim()) {
    return "Pick the days, a time, a zone and an interval to see the schedule in words.";
  }
  const cadence = cadenceInWords({ run_days: days, run_time: v.run_time, timezone: v.timezone.trim(), tick_interval_hours: interval });
  const window = windowH ? ` — every journey at least every ${hoursInWords(windowH)}` : "";
  const fixed = v.budget_mode === "fixed" ? whole(v.daily_budget) : null;
  let budget: string;
  if (v.budget_mode === "fixed") budget = fixed === null ? "" : `; ${budgetInWords(fixed, fixed)}`;
  else budget = autoBudget === null ? "; auto budget" : `; ${budgetInWords(null, autoBudget)}`;
  return `${cadence}${window}${budget}`;
}

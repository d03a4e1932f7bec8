// Tenant-local calendar days: the daily agent budget resets at the tenant's local midnight.
import { TZDate } from "@date-fns/tz";
import { addDays, format, startOfDay } from "date-fns";

/** "YYYY-MM-DD" of instant `t` in `timezone`. */
export function localDate(timezone: string, t: Date | number): string {
  return format(new TZDate(typeof t === "number" ? t : t.getTime(), timezone), "yyyy-MM-dd");
}

/** The first instant of the next local day after `t` in `timezone`. */
export function nextLocalMidnight(timezone: string, t: Date | number): Date {
  const local = new TZDate(typeof t === "number" ? t : t.getTime(), timezone);
  return new Date(startOfDay(addDays(local, 1)).getTime());
}

// Days as a schedule's zone sees them: "2026-12-07" keys and "Mon 7 Dec" labels.
const keyFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `iso` in `timeZone`, as YYYY-MM-DD (sortable, comparable). */
export function dayKey(iso: string | Date, timeZone: string): string {
  let f = keyFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    keyFormats.set(timeZone, f);
  }
  return f.format(typeof iso === "string" ? new Date(iso) : iso);
}

/** "Mon 7 Dec" for a YYYY-MM-DD key (a calendar date: formatted at noon UTC, zone-independent). */
export function dayLabel(key: string, opts: { weekday?: boolean } = { weekday: true }): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    ...(opts.weekday ? { weekday: "short" } : {}),
    day: "numeric",
    month: "short",
  }).format(new Date(`${key}T12:00:00Z`));
}

/** The last `n` day keys up to and including today's, oldest first. */
export function lastDays(n: number, timeZone: string, now = Date.now()): string[] {
  const today = dayKey(new Date(now), timeZone);
  const out: string[] = [];
  const base = Date.parse(`${today}T12:00:00Z`);
  for (let i = n - 1; i >= 0; i--) out.push(new Date(base - i * 86_400_000).toISOString().slice(0, 10));
  return out;
}

/** "09:00 CET": the time of day in a zone with its abbreviation. */
export function timeInZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" }).format(new Date(iso));
}

"use client";
import { Tooltip } from "./tooltip";

/** "Tue 09:00 CET": a moment in a zone, with the zone's abbreviation. */
export function formatInZone(iso: string | Date, timeZone: string, opts: { date?: boolean } = {}): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    ...(opts.date ? { day: "numeric", month: "short" } : {}),
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(d);
}

/** "in 3 h", "2 d ago", "just now". */
export function relative(iso: string | Date, now: number = Date.now()): string {
  const ms = (typeof iso === "string" ? Date.parse(iso) : iso.getTime()) - now;
  const abs = Math.abs(ms);
  const future = ms > 0;
  const units: [number, string][] = [
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "min"],
  ];
  for (const [size, unit] of units) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      return future ? `in ${n} ${unit}` : `${n} ${unit} ago`;
    }
  }
  return future ? "in under a minute" : "just now";
}

/** A relative time with the absolute one (in `timeZone`) in its tooltip. */
export function RelativeTime({ iso, timeZone = "UTC" }: { iso: string; timeZone?: string }) {
  return (
    <Tooltip content={formatInZone(iso, timeZone, { date: true })}>
      <time dateTime={iso} tabIndex={0} className="whitespace-nowrap">
        {relative(iso)}
      </time>
    </Tooltip>
  );
}

/** "1 h 20 min", "45 s", "320 ms". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const min = Math.floor(ms / 60_000);
  if (min < 60) return `${min} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

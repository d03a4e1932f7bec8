import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { Severity } from "@/lib/db/schema";
import { SEVERITIES } from "@/lib/db/schema";

export type DigestAgent = {
  id: string;
  journeyName: string;
  status: "passed" | "failed" | "error" | "cancelled" | "queued" | "running";
  durationMs: number | null;
  error: string | null;
  findings: { severity: Severity; title: string; detail: string; step: number | null }[];
};

export type DigestContent = {
  schedule: { id: string; name: string; timezone: string };
  projectName: string;
  /** The runs covered, newest first (one for an automatic digest; a forced one may cover several). */
  runs: { id: string; trigger: "cron" | "manual"; startedAt: Date; finishedAt: Date | null }[];
  agents: DigestAgent[];
  /** Findings below this are left out (null: all findings). */
  minSeverity: Severity | null;
  /** Rota's public origin; agent links are `${appUrl}/agents/${id}`, the schedule `${appUrl}/schedules/${id}`. */
  appUrl: string;
};

export type DigestCounts = { passed: number; failed: number; errored: number; total: number };

/** passed / failed / errored (status "error"); cancelled, queued and running count in `total` only. */
export function digestCounts(c: DigestContent): DigestCounts {
  const counts: DigestCounts = { passed: 0, failed: 0, errored: 0, total: c.agents.length };
  for (const a of c.agents) {
    if (a.status === "passed") counts.passed++;
    else if (a.status === "failed") counts.failed++;
    else if (a.status === "error") counts.errored++;
  }
  return counts;
}

/** 0 (info) … 4 (critical); an unknown value ranks lowest. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export type VisibleFinding = {
  severity: Severity;
  title: string;
  detail: string;
  step: number | null;
  agentId: string;
  journeyName: string;
};

export type FindingGroup = { severity: Severity; findings: VisibleFinding[] };

/**
 * Findings at or above `minSeverity` (all when null), grouped by severity, highest first; only
 * non-empty groups. Within a group, findings keep the order of their agents and of the agent's list.
 */
export function visibleFindings(c: DigestContent): FindingGroup[] {
  const floor = c.minSeverity === null ? 0 : severityRank(c.minSeverity);
  const groups: FindingGroup[] = [];
  for (const severity of [...SEVERITIES].reverse()) {
    if (severityRank(severity) < floor) continue;
    const findings: VisibleFinding[] = [];
    for (const a of c.agents) {
      for (const f of a.findings) {
        if (f.severity === severity) {
          findings.push({ ...f, agentId: a.id, journeyName: a.journeyName });
        }
      }
    }
    if (findings.length > 0) groups.push({ severity, findings });
  }
  return groups;
}

/** `appUrl` without trailing slashes, so links never read `//agents`. */
export function baseUrl(c: DigestContent): string {
  return c.appUrl.replace(/\/+$/, "");
}

export function agentUrl(c: DigestContent, agentId: string): string {
  return `${baseUrl(c)}/agents/${encodeURIComponent(agentId)}`;
}

export function scheduleUrl(c: DigestContent): string {
  return `${baseUrl(c)}/schedules/${encodeURIComponent(c.schedule.id)}`;
}

const DAY = "EEE d MMM yyyy";
const TIME = "HH:mm";

/** The zone the digest shows times in: the schedule's, or UTC when that is not a zone this runtime knows. */
export function displayZone(timezone: string): string {
  try {
    // TZDate does not throw for an unknown zone (it yields an invalid date); Intl does.
    new Intl.DateTimeFormat("en", { timeZone: timezone });
    return Number.isNaN(new TZDate(0, timezone).getTime()) ? "UTC" : timezone;
  } catch {
    return "UTC";
  }
}

/**
 * When the covered runs started, in the schedule's zone: `"Wed 25 Nov 2026, 09:00 Europe/Berlin"`;
 * for several runs the range from the earliest to the latest start
 * (`"Wed 25 Nov 2026, 09:00 – 21:00 Europe/Berlin"`, or both dates when they differ); null without runs.
 */
export function digestWhen(c: DigestContent): string | null {
  if (c.runs.length === 0) return null;
  const zone = displayZone(c.schedule.timezone);
  const times = c.runs.map((r) => r.startedAt.getTime()).filter(Number.isFinite);
  if (times.length === 0) return null;
  const first = new TZDate(Math.min(...times), zone);
  const last = new TZDate(Math.max(...times), zone);
  const from = format(first, `${DAY}, ${TIME}`);
  if (first.getTime() === last.getTime()) return `${from} ${zone}`;
  const to = format(first, DAY) === format(last, DAY) ? format(last, TIME) : format(last, `${DAY}, ${TIME}`);
  return `${from} – ${to} ${zone}`;
}

/** `"850 ms"`, `"12.4 s"`, `"3 min 05 s"`, `"1 h 02 min"`; `"–"` when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalS = Math.round(ms / 1000);
  if (totalS < 3600) return `${Math.floor(totalS / 60)} min ${String(totalS % 60).padStart(2, "0")} s`;
  const totalMin = Math.round(totalS / 60);
  return `${Math.floor(totalMin / 60)} h ${String(totalMin % 60).padStart(2, "0")} min`;
}

const STATUS_ORDER: Record<DigestAgent["status"], number> = {
  failed: 0,
  error: 1,
  cancelled: 2,
  running: 3,
  queued: 4,
  passed: 5,
};

/** Agents with failing ones first (failed, errored, cancelled, unfinished, passed), stable within each. */
export function agentsFailingFirst(c: DigestContent): DigestAgent[] {
  return c.agents
    .map((a, i) => ({ a, i }))
    .sort((x, y) => STATUS_ORDER[x.a.status] - STATUS_ORDER[y.a.status] || x.i - y.i)
    .map(({ a }) => a);
}

export const STATUS_LABEL: Record<DigestAgent["status"], string> = {
  passed: "Passed",
  failed: "Failed",
  error: "Error",
  cancelled: "Cancelled",
  queued: "Queued",
  running: "Running",
};

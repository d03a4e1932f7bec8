import type { ReactNode } from "react";
import { cn } from "./cn";
import { Spinner } from "./button";

export const TONES = {
  ok: "bg-ok-soft text-ok",
  bad: "bg-bad-soft text-bad",
  warn: "bg-warn-soft text-warn",
  info: "bg-info-soft text-info",
  idle: "bg-idle-soft text-idle",
  critical: "bg-critical-soft text-critical",
  accent: "bg-accent-soft text-accent",
} as const;
export type Tone = keyof typeof TONES;

/** A coloured label: colour is never the only signal, every pill carries a word. */
export function Pill({ tone, children, className, title }: { tone: Tone; children: ReactNode; className?: string; title?: string }) {
  return (
    <span title={title} className={cn("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap", TONES[tone], className)}>
      {children}
    </span>
  );
}

const STATUS: Record<string, { tone: Tone; label: string; spin?: boolean }> = {
  passed: { tone: "ok", label: "Passed" },
  completed: { tone: "ok", label: "Completed" },
  failed: { tone: "bad", label: "Failed" },
  error: { tone: "warn", label: "Error" },
  queued: { tone: "idle", label: "Queued", spin: true },
  running: { tone: "idle", label: "Running", spin: true },
  dispatched: { tone: "idle", label: "Running", spin: true },
  skipped: { tone: "idle", label: "Skipped" },
  cancelled: { tone: "idle", label: "Cancelled" },
  sent: { tone: "ok", label: "Sent" },
  suppressed: { tone: "idle", label: "Suppressed" },
  pending: { tone: "idle", label: "Pending", spin: true },
};

/** Runs, agents and emails: passed green, failed red, error amber, in-flight slate with a spinner. */
export function StatusPill({ status }: { status: string }) {
  const s = STATUS[status] ?? { tone: "idle" as const, label: status };
  return (
    <Pill tone={s.tone}>
      {s.spin && <Spinner className="size-2.5 border" />}
      {s.label}
    </Pill>
  );
}

export const SEVERITY_ORDER = ["critical", "high", "medium", "low", "info"] as const;
const SEVERITY_TONE: Record<string, Tone> = { critical: "critical", high: "bad", medium: "warn", low: "info", info: "idle" };

export function SeverityPill({ severity }: { severity: string }) {
  return <Pill tone={SEVERITY_TONE[severity] ?? "idle"}>{severity[0]!.toUpperCase() + severity.slice(1)}</Pill>;
}

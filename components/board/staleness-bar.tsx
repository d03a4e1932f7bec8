"use client";
import { memo } from "react";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/components/ui/cn";
import type { Tone } from "@/components/ui/pill";
import { staleness } from "./model";

const BAR: Record<Tone, string> = { ok: "bg-ok", warn: "bg-warn", bad: "bg-bad", info: "bg-info", idle: "bg-idle", critical: "bg-critical", accent: "bg-accent" };
const WORD: Record<Tone, string> = { ok: "text-ok", warn: "text-warn", bad: "text-bad", info: "text-info", idle: "text-idle", critical: "text-critical", accent: "text-accent" };

/** A thin bar, filled by the share of the coverage window since the last run, with its word. */
export const StalenessBar = memo(function StalenessBar({ lastRunAt, windowHours, now }: { lastRunAt: string | null; windowHours: number; now: number }) {
  const s = staleness(lastRunAt, windowHours, now);
  return (
    <Tooltip content={s.explain}>
      <span role="img" tabIndex={0} aria-label={s.explain} className="flex w-36 items-center gap-2 rounded focus-visible:outline-2 focus-visible:outline-accent">
        <span aria-hidden="true" className="h-1.5 w-16 shrink-0 overflow-hidden rounded-full bg-surface-2">
          <span className={cn("block h-full rounded-full", BAR[s.tone])} style={{ width: `${Math.min(100, Math.round(s.ratio * 100))}%` }} />
        </span>
        {s.word && (
          <span aria-hidden="true" className={cn("text-xs font-medium whitespace-nowrap", WORD[s.tone])}>
            {s.word}
          </span>
        )}
      </span>
    </Tooltip>
  );
});

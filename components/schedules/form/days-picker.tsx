"use client";
import { useId } from "react";
import { cn } from "@/components/ui/cn";

const DAYS = [
  { iso: 1, short: "Mon", long: "Monday" },
  { iso: 2, short: "Tue", long: "Tuesday" },
  { iso: 3, short: "Wed", long: "Wednesday" },
  { iso: 4, short: "Thu", long: "Thursday" },
  { iso: 5, short: "Fri", long: "Friday" },
  { iso: 6, short: "Sat", long: "Saturday" },
  { iso: 7, short: "Sun", long: "Sunday" },
];
const WEEKDAYS = [1, 2, 3, 4, 5];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/** Run days as toggle chips (ISO 1 = Monday … 7 = Sunday) with the two quick picks people want most. */
export function DaysPicker({ value, onChange, error }: { value: number[]; onChange: (days: number[]) => void; error?: string }) {
  const id = useId();
  const toggle = (iso: number) => onChange(value.includes(iso) ? value.filter((d) => d !== iso) : [...value, iso].sort((a, b) => a - b));
  const same = (days: number[]) => value.length === days.length && days.every((d) => value.includes(d));
  return (
    <fieldset className="space-y-1" aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend className="mb-1 block text-sm font-medium">Run days</legend>
      <div className="flex flex-wrap items-center gap-1.5">
        {DAYS.map((d) => (
          <Chip key={d.iso} pressed={value.includes(d.iso)} onClick={() => toggle(d.iso)} label={d.long} invalid={!!error}>
            {d.short}
          </Chip>
        ))}
        <span className="mx-1 h-5 w-px bg-line" aria-hidden="true" />
        <QuickPick active={same(WEEKDAYS)} onClick={() => onChange(WEEKDAYS)}>
          Weekdays
        </QuickPick>
        <QuickPick active={same(EVERY_DAY)} onClick={() => onChange(EVERY_DAY)}>
          Every day
        </QuickPick>
      </div>
      {error && (
        <p id={`${id}-error`} className="text-xs text-bad">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function Chip({ pressed, onClick, label, invalid, children }: { pressed: boolean; onClick: () => void; label: string; invalid: boolean; children: string }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      title={label}
      onClick={onClick}
      className={cn(
        "h-8 w-12 rounded-md border text-sm font-medium transition-colors",
        pressed ? "border-accent bg-accent text-accent-fg" : "border-line bg-surface text-fg hover:bg-surface-2",
        invalid && !pressed && "border-bad",
      )}
    >
      {children}
    </button>
  );
}

function QuickPick({ active, onClick, children }: { active: boolean; onClick: () => void; children: string }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className={cn(
        "h-8 rounded-md px-2.5 text-sm font-medium transition-colors",
        active ? "bg-accent-soft text-accent" : "text-muted hover:bg-surface-2 hover:text-fg",
      )}
    >
      {children}
    </button>
  );
}

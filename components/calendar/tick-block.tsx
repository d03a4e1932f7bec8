"use client";
// One forecast tick: its time, its budget, and the items it would run as chips; past four, a "+3"
// whose tooltip lists the rest.
import type { useItemNames } from "@/components/runs/item-names";
import { timeInZone } from "@/components/runs/zone-days";
import { Tooltip } from "@/components/ui/tooltip";
import type { Tick } from "./day-columns";

const SHOWN = 4;

export function TickBlock({ tick, timeZone, names }: { tick: Tick; timeZone: string; names: ReturnType<typeof useItemNames> }) {
  const agents = tick.items.reduce((n, i) => n + i.cost, 0);
  const shown = tick.items.slice(0, SHOWN);
  const rest = tick.items.slice(SHOWN);
  const [clock, zoneName] = splitZone(timeInZone(tick.slot_at, timeZone));
  return (
    <li data-testid="tick" className="rounded-md border border-line bg-surface p-2">
      <time dateTime={tick.slot_at} className="block text-sm font-semibold tabular-nums">
        {clock}
        <span className="ml-1 text-xs font-normal text-muted">{zoneName}</span>
      </time>
      <p className="text-xs text-muted">
        {agents} of {tick.budget} agents
      </p>
      {tick.items.length === 0 ? (
        <p className="mt-1 text-xs text-muted">Nothing due</p>
      ) : (
        <ul className="mt-1.5 flex flex-wrap gap-1" aria-label={`Forecast to run at ${timeInZone(tick.slot_at, timeZone)}`}>
          {shown.map((i) => (
            <li key={i.item_id} data-testid="tick-item" className={`w-full rounded px-1.5 py-0.5 text-xs leading-snug break-words ${i.due ? "bg-warn-soft text-warn" : "bg-accent-soft text-accent"}`} title={`${names.item(i)}${i.due ? " (due)" : ""}`}>
              {names.item(i)}
            </li>
          ))}
          {rest.length > 0 && (
            <li>
              <Tooltip content={<ul>{rest.map((i) => <li key={i.item_id}>{names.item(i)}</li>)}</ul>}>
                <button type="button" className="rounded bg-surface-2 px-1.5 py-0.5 text-xs font-medium text-fg" aria-label={`${rest.length} more: ${rest.map((i) => names.item(i)).join(", ")}`}>
                  +{rest.length}
                </button>
              </Tooltip>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

/** "09:00 CET" → ["09:00", "CET"]. */
function splitZone(t: string): [string, string] {
  const i = t.indexOf(" ");
  return i < 0 ? [t, ""] : [t.slice(0, i), t.slice(i + 1)];
}

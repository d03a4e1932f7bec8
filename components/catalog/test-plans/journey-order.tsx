"use client";
import type { Journey } from "@/components/data/types";
import { Button } from "@/components/ui/button";

/**
 * A plan's journeys: a checklist of the project's journeys to pick from, and the picked ones in
 * the order the plan runs them (up, down, remove).
 */
export function JourneyOrder({ journeys, value, onChange, error }: { journeys: Journey[]; value: string[]; onChange: (ids: string[]) => void; error?: string }) {
  const byId = new Map(journeys.map((j) => [j.id, j]));
  const move = (i: number, delta: -1 | 1) => {
    const next = [...value];
    [next[i], next[i + delta]] = [next[i + delta]!, next[i]!];
    onChange(next);
  };
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((x) => x !== id));

  return (
    <div className="grid grid-cols-2 gap-4">
      <fieldset className="min-w-0">
        <legend className="mb-1 text-sm font-medium">Journeys of the project</legend>
        {journeys.length === 0 ? (
          <p className="text-sm text-muted">This project has no journeys yet: create some first.</p>
        ) : (
          <ul className="max-h-72 space-y-1 overflow-auto rounded-md border border-line p-2">
            {journeys.map((j) => (
              <li key={j.id}>
                <label className="flex items-center gap-2 rounded px-1 py-1 text-sm hover:bg-surface-2">
                  <input type="checkbox" className="accent-accent" checked={value.includes(j.id)} onChange={(e) => toggle(j.id, e.target.checked)} />
                  <span className="truncate">{j.name}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <div className="min-w-0">
        <h3 id="plan-order-label" className="mb-1 text-sm font-medium">
          Run order
        </h3>
        {value.length === 0 ? (
          <p className="rounded-md border border-dashed border-line p-3 text-sm text-muted">Tick journeys on the left; they run one after another in this order.</p>
        ) : (
          <ol aria-labelledby="plan-order-label" className="space-y-1">
            {value.map((id, i) => {
              const name = byId.get(id)?.name ?? "Unknown journey";
              return (
                <li key={id} className="flex items-center gap-2 rounded-md border border-line px-2 py-1">
                  <span aria-hidden="true" className="w-5 text-right text-xs tabular-nums text-muted">
                    {i + 1}
                  </span>
                  <span className="min-w-0 flex-1 truncate text-sm">{name}</span>
                  <Button size="sm" variant="ghost" aria-label={`Move ${name} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                    <span aria-hidden="true">↑</span>
                  </Button>
                  <Button size="sm" variant="ghost" aria-label={`Move ${name} down`} disabled={i === value.length - 1} onClick={() => move(i, 1)}>
                    <span aria-hidden="true">↓</span>
                  </Button>
                  <Button size="sm" variant="ghost" className="text-bad" aria-label={`Remove ${name} from the plan`} onClick={() => toggle(id, false)}>
                    Remove
                  </Button>
                </li>
              );
            })}
          </ol>
        )}
        {error && <p className="mt-1 text-xs text-bad">{error}</p>}
      </div>
    </div>
  );
}

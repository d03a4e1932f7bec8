"use client";
import { useId } from "react";
import { Input } from "@/components/ui/field";
import { Term } from "@/components/ui/tooltip";
import type { BudgetMode } from "./form-values";

const AUTO_EXPLAINED =
  "Auto picks, at each tick, the smallest number of agents that still runs every item within the coverage window, given the run days and the tick interval.";

/** The per-tick budget: auto (resolved by Rota, shown when known) or a fixed number of agents. */
export function BudgetField({
  mode,
  fixed,
  autoValue,
  error,
  onMode,
  onFixed,
}: {
  mode: BudgetMode;
  fixed: string;
  /** The resolved auto budget (edit mode: the schedule's effective_budget); unknown before creation. */
  autoValue: number | null;
  error?: string;
  onMode: (m: BudgetMode) => void;
  onFixed: (v: string) => void;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 block text-sm font-medium">
        Budget per tick{" "}
        <span className="font-normal text-muted">
          (agents a tick may start)
        </span>
      </legend>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="radio"
          name={`${id}-mode`}
          className="mt-0.5 accent-accent"
          checked={mode === "auto"}
          onChange={() => onMode("auto")}
        />
        <span>
          <span className="font-medium">
            <Term explain={AUTO_EXPLAINED}>Auto</Term>
            {autoValue !== null &&
              ` (${autoValue} agent${autoValue === 1 ? "" : "s"} a tick now)`}
          </span>
          <span className="block text-xs text-muted">
            {autoValue === null
              ? "Rota works out how many agents each tick needs to cover every item within the window; you'll see the number once the schedule has items."
              : "Grows and shrinks with the items and the window."}
          </span>
        </span>
      </label>
      <div className="flex items-center gap-2 text-sm">
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name={`${id}-mode`}
            className="accent-accent"
            checked={mode === "fixed"}
            onChange={() => onMode("fixed")}
          />
          <span className="font-medium">Fixed</span>
        </label>
        <div className="w-24">
          <Input
            type="number"
            min={0}
            step={1}
            inputMode="numeric"
            aria-label="Fixed budget, agents a tick"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            value={fixed}
            disabled={mode !== "fixed"}
            onChange={(e) => onFixed(e.target.value)}
          />
        </div>
        <span className="text-muted">agents a tick</span>
      </div>
      {error && (
        <p id={errorId} className="text-xs text-bad">
          {error}
        </p>
      )}
    </fieldset>
  );
}

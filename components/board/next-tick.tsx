"use client";
import { memo, useState } from "react";
import { usePreview } from "@/components/data/queries";
import type { TickPreview } from "@/components/data/types";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Pill } from "@/components/ui/pill";
import { Skeleton } from "@/components/ui/states";
import { Term } from "@/components/ui/tooltip";
import { formatInZone } from "@/components/ui/time";
import { agents, type Entry } from "./model";

type Names = Map<string, Entry>;

/** "A tick now would run: Checkout, Login (2 of 2 agents)", with the score breakdown behind "Why?". */
export const NextTick = memo(function NextTick({ scheduleId, entries, timeZone }: { scheduleId: string; entries: Names; timeZone: string }) {
  const { data, error, refetch, isPending, isFetching } = usePreview(scheduleId);
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="next-tick-heading" className="mb-3 flex items-start justify-between gap-3 rounded-lg border border-line bg-surface px-4 py-3" data-testid="next-tick">
      <div className="min-w-0">
        <h2 id="next-tick-heading" className="text-sm font-semibold">
          Next tick {isFetching && !isPending && <span className="sr-only">(updating)</span>}
        </h2>
        {error ? (
          <p className="mt-0.5 text-sm text-bad">
            Could not load the preview: {(error as Error).message}{" "}
            <Button size="sm" variant="ghost" onClick={() => refetch()}>
              Try again
            </Button>
          </p>
        ) : isPending ? (
          <Skeleton className="mt-1 h-4 w-80" />
        ) : (
          <p className="mt-0.5 text-sm" aria-live="polite">
            {summary(data, entries)}
          </p>
        )}
      </div>
      {data && (
        <Button size="sm" onClick={() => setOpen(true)}>
          Why?
        </Button>
      )}
      {data && (
        <Dialog open={open} onOpenChange={setOpen} wide title="Why these items" description={<Explainer />}>
          {/* Focus lands here on opening (autoFocus wins over the dialog's first tabbable, the explainer's
              term, whose tooltip would pop open). */}
          <Button size="sm" variant="ghost" autoFocus onClick={() => setOpen(false)} className="absolute top-4 right-4">
            Close
          </Button>
          <Breakdown preview={data} entries={entries} timeZone={timeZone} />
        </Dialog>
      )}
    </section>
  );
});

const nameOf = (entries: Names, id: string) => entries.get(id)?.name ?? "An item";

function summary(p: TickPreview, entries: Names): string {
  const spent = p.selected.reduce((n, s) => n + s.cost, 0);
  if (p.selected.length === 0) {
    if (entries.size === 0) return "A tick now would run nothing: the list is empty.";
    if (p.budget.tick === 0) return "A tick now would run nothing: no agents are left in the budget.";
    return "A tick now would run nothing: no item fits the budget.";
  }
  return `A tick now would run: ${p.selected.map((s) => nameOf(entries, s.item_id)).join(", ")} (${spent} of ${agents(p.budget.tick)})`;
}

function Explainer() {
  return (
    <>
      Each item scores its{" "}
      <Term explain="Hours since its last run; an item never run yet is picked first.">staleness</Term> × its priority weight (1 + priority; the top of the
      list has the highest). Items that must run now to meet their coverage deadline are <strong>due</strong> and go first; the spare budget goes
      to the highest scores.
    </>
  );
}

export function weight(priority: number): number {
  return priority >= 0 ? 1 + priority : 1 / (1 - priority);
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function Breakdown({ preview, entries, timeZone }: { preview: TickPreview; entries: Names; timeZone: string }) {
  return (
    <div className="space-y-4 text-sm">
      <p className="text-muted">
        Budget this tick: {agents(preview.budget.tick)} · {agents(preview.budget.tenant_remaining)} left in the workspace today
      </p>
      <table className="w-full text-left">
        <caption className="mb-1 text-left font-semibold">Selected</caption>
        <thead className="text-xs text-muted">
          <tr>
            <th scope="col" className="py-1">Item</th>
            <th scope="col">Score</th>
            <th scope="col">Why</th>
            <th scope="col">Deadline</th>
            <th scope="col">Cost</th>
          </tr>
        </thead>
        <tbody>
          {preview.selected.length === 0 && (
            <tr>
              <td colSpan={5} className="py-2 text-muted">Nothing would run.</td>
            </tr>
          )}
          {preview.selected.map((s) => (
            <tr key={s.item_id} className="border-t border-line">
              <td className="py-1.5 font-medium">{nameOf(entries, s.item_id)}</td>
              <td className="tabular-nums">
                {s.never_run || s.staleness_hours === null ? "never run" : `${fmt(s.staleness_hours)} h × ${fmt(weight(s.priority))} = ${fmt(s.score)}`}
              </td>
              <td>{s.due ? <Pill tone="warn">Due: deadline would be missed otherwise</Pill> : <Pill tone="idle">Spare budget</Pill>}</td>
              <td>{s.deadline_at ? formatInZone(s.deadline_at, timeZone, { date: true }) : "—"}</td>
              <td>{agents(s.cost)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="w-full text-left">
        <caption className="mb-1 text-left font-semibold">Skipped</caption>
        <thead className="text-xs text-muted">
          <tr>
            <th scope="col" className="py-1">Item</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {preview.skipped.length === 0 && (
            <tr>
              <td colSpan={2} className="py-2 text-muted">Nothing is skipped.</td>
            </tr>
          )}
          {preview.skipped.map((s) => (
            <tr key={s.item_id} className="border-t border-line">
              <td className="py-1.5 font-medium">{nameOf(entries, s.item_id)}</td>
              <td>
                {s.reason === "budget"
                  ? `not enough budget left for this ${entries.get(s.item_id)?.cost ?? 1}-agent ${entries.get(s.item_id)?.kind === "plan" ? "plan" : "journey"}`
                  : s.reason === "tenant_budget"
                    ? "the workspace's budget for today is used up or kept for other schedules"
                    : "lower score than the selected items"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

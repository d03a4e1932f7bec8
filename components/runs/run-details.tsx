"use client";
// What one tick decided: the items it selected (and why), the ones it skipped (and why), the agents
// it started with their results, and whether the digest went out.
import Link from "next/link";
import type { AgentSummary, ScheduleRun } from "@/components/data/types";
import { Pill, StatusPill } from "@/components/ui/pill";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { formatInZone } from "@/components/ui/time";
import { Term } from "@/components/ui/tooltip";
import { useItemNames, type ItemRef } from "./item-names";
import { useRunAgents } from "./run-agents";
import { skipInWords } from "./words";

type Names = ReturnType<typeof useItemNames>;

/** `itemRefs`: the schedule's items by id, since a skip names only its item. */
export function RunDetails({ run, timeZone, names, itemRefs }: { run: ScheduleRun; timeZone: string; names: Names; itemRefs: Map<string, ItemRef> }) {
  const agents = useRunAgents(run.id, run.status === "dispatched");
  const byId = new Map((agents.data ?? []).map((a) => [a.id, a]));

  return (
    <div className="space-y-5 border-t border-line bg-surface-2/40 px-4 py-4">
      <section aria-label="Selected items">
        <h3 className="mb-2 text-sm font-semibold">Selected ({run.selected.length})</h3>
        {run.selected.length === 0 ? (
          <p className="text-sm text-muted">Nothing was selected at this tick.</p>
        ) : (
          <div className="overflow-x-auto rounded-md border border-line bg-surface">
            <table className="w-full text-sm">
              <thead className="bg-surface-2 text-left text-xs text-muted">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">Item</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Priority</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    <Term explain="Hours since the item last ran when the tick looked at it">Staleness</Term>
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    <Term explain="Staleness × priority weight: the higher, the sooner it runs">Score</Term>
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    <Term explain="Due: it had to run now to stay inside its coverage window. Spare: picked with budget left over">Why</Term>
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">Agents</th>
                </tr>
              </thead>
              <tbody>
                {run.selected.map((s) => (
                  <tr key={s.item_id} className="border-t border-line align-top">
                    <td className="px-3 py-2">
                      <span className="font-medium">{names.item(s)}</span>
                      {s.test_plan_id && <span className="ml-1.5 text-xs text-muted">test plan · {s.cost} agents</span>}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{s.priority}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{s.never_run ? "never run" : s.staleness_hours == null ? "—" : `${s.staleness_hours.toFixed(1)} h`}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{s.score.toFixed(1)}</td>
                    <td className="px-3 py-2">{s.due ? <Pill tone="warn">Due</Pill> : <Pill tone="idle">Spare</Pill>}</td>
                    <td className="px-3 py-2">
                      <AgentLinks ids={s.agent_ids} byId={byId} names={names} loading={agents.isPending} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {agents.error && <ErrorState error={agents.error} onRetry={() => agents.refetch()} />}
      </section>

      {run.skipped.length > 0 && (
        <section aria-label="Skipped items">
          <h3 className="mb-2 text-sm font-semibold">Skipped ({run.skipped.length})</h3>
          <ul className="space-y-1 text-sm">
            {run.skipped.map((s) => {
              const ref = itemRefs.get(s.item_id);
              return (
                <li key={s.item_id}>
                  <span className="font-medium">{ref ? names.item(ref) : "Removed item"}</span>
                  <span className="text-muted"> — {skipInWords(s, ref && names.cost(ref))}</span>
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <section aria-label="Digest">
        <h3 className="mb-1 text-sm font-semibold">Digest</h3>
        <DigestStatus digest={run.digest} timeZone={timeZone} />
      </section>
    </div>
  );
}

function AgentLinks({ ids, byId, names, loading }: { ids: string[]; byId: Map<string, AgentSummary>; names: Names; loading: boolean }) {
  if (ids.length === 0) return <span className="text-muted">—</span>;
  return (
    <ul className="flex flex-wrap gap-1.5">
      {ids.map((id) => {
        const a = byId.get(id);
        if (!a) return <li key={id}>{loading ? <Skeleton className="h-5 w-20" /> : <span className="text-xs text-muted">Agent removed</span>}</li>;
        return (
          <li key={id}>
            <Link href={`/agents/${id}`} className="inline-flex items-center gap-1.5 rounded-md px-1 py-0.5 hover:bg-surface-2">
              <StatusPill status={a.status} />
              <span className="text-xs underline-offset-2 hover:underline">{names.journey(a.journey_id)}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function DigestStatus({ digest, timeZone }: { digest: ScheduleRun["digest"]; timeZone: string }) {
  if (!digest) return <p className="text-sm text-muted">No digest yet</p>;
  const when = digest.sent_at ? ` · ${formatInZone(digest.sent_at, timeZone, { date: true })}` : "";
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm">
      <StatusPill status={digest.status} />
      <span className="text-muted">
        {digest.status === "sent" && `Emailed${when}`}
        {digest.status === "suppressed" && "Not sent: nothing in this run met the digest's conditions"}
        {digest.status === "failed" && `The send failed${digest.error ? `: ${digest.error}` : ""}${when}`}
      </span>
    </p>
  );
}

// The journey's steps as the agent ran them: a bar for each step's share of the longest one, so the
// slow step stands out, and the error next to the step that failed.
import type { Agent, Journey } from "@/components/data/types";
import { StatusPill } from "@/components/ui/pill";
import { formatDuration } from "@/components/ui/time";
import { stepInWords } from "./step-words";

/** `journey`: to describe each step (step i is the journey's step i − 1; step 0 opens its start page). */
export function AgentSteps({ steps, journey }: { steps: Agent["steps"]; journey: Journey | undefined }) {
  const longest = Math.max(1, ...steps.map((s) => s.duration_ms));
  return (
    <table className="w-full text-sm">
      <thead className="text-left text-xs text-muted">
        <tr className="border-b border-line">
          <th scope="col" className="w-12 px-4 py-2 text-right font-medium">#</th>
          <th scope="col" className="px-4 py-2 font-medium">Step</th>
          <th scope="col" className="w-28 px-4 py-2 font-medium">Status</th>
          <th scope="col" className="w-44 px-4 py-2 font-medium">Duration</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => (
          <tr key={s.index} data-testid="agent-step" className="border-b border-line align-top last:border-0">
            <td className="px-4 py-2 text-right text-muted tabular-nums">{s.index}</td>
            <td className="px-4 py-2">
              <span>{s.index === 0 ? `Open ${journey?.start_path ?? "the start page"}` : stepInWords(journey?.steps[s.index - 1], s.action)}</span>
              <span className="ml-1.5 font-mono text-xs text-muted">{s.action}</span>
              {s.error && <p className="mt-1 text-sm break-words text-bad">{s.error}</p>}
            </td>
            <td className="px-4 py-2">
              <StatusPill status={s.status} />
            </td>
            <td className="px-4 py-2">
              <div className="flex items-center gap-2">
                <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-surface-2" aria-hidden="true">
                  <div className={`h-full rounded-full ${s.status === "failed" ? "bg-bad" : "bg-accent"}`} style={{ width: `${(s.duration_ms / longest) * 100}%` }} />
                </div>
                <span className="w-16 text-right text-xs text-muted tabular-nums">{formatDuration(s.duration_ms)}</span>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// What the agent found, worst first: one group per severity, each finding with the step it came from.
import type { Agent } from "@/components/data/types";
import { SEVERITY_ORDER, SeverityPill } from "@/components/ui/pill";

export function AgentFindings({ findings, steps }: { findings: Agent["findings"]; steps: Agent["steps"] }) {
  if (findings.length === 0) return <p className="px-4 py-6 text-center text-sm text-muted">No findings: nothing went wrong on the pages this agent visited.</p>;
  const stepAction = new Map(steps.map((s) => [s.index, s.action]));
  return (
    <div className="divide-y divide-line">
      {SEVERITY_ORDER.filter((sev) => findings.some((f) => f.severity === sev)).map((sev) => {
        const group = findings.filter((f) => f.severity === sev);
        return (
          <section key={sev} aria-labelledby={`findings-${sev}`} className="px-4 py-3">
            <h3 id={`findings-${sev}`} className="mb-2 flex items-center gap-2 text-sm font-semibold">
              <SeverityPill severity={sev} />
              <span>{group.length === 1 ? "1 finding" : `${group.length} findings`}</span>
            </h3>
            <ul className="space-y-3">
              {group.map((f) => (
                <li key={f.id} data-testid="finding" data-severity={f.severity}>
                  <p className="font-medium">{f.title}</p>
                  {f.detail && <p className="mt-0.5 text-sm break-words whitespace-pre-wrap text-muted">{f.detail}</p>}
                  {f.step != null && (
                    <p className="mt-1 text-xs text-muted">
                      At step {f.step}
                      {stepAction.get(f.step) ? ` · ${stepAction.get(f.step)}` : ""}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

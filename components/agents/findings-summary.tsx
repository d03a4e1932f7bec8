import type { Agent } from "@/components/data/types";
import { SEVERITY_ORDER, SeverityPill } from "@/components/ui/pill";

/** "2 findings" with the worst severity as a pill; "None" when clean. */
export function FindingsSummary({ findings }: { findings: Agent["findings"] | undefined }) {
  if (!findings) return <span className="text-muted">—</span>;
  if (findings.length === 0) return <span className="text-muted">None</span>;
  const top = SEVERITY_ORDER.find((s) => findings.some((f) => f.severity === s)) ?? "info";
  const ofTop = findings.filter((f) => f.severity === top).length;
  return (
    <span className="inline-flex items-center gap-1.5">
      <SeverityPill severity={top} />
      <span className="text-xs text-muted">
        {ofTop} {top}
        {findings.length > ofTop ? ` · ${findings.length} in all` : ""}
      </span>
    </span>
  );
}

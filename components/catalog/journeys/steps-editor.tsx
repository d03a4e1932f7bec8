"use client";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/field";
import { emptyDraft, type StepDraft } from "./step-model";
import { StepRow } from "./step-row";

/**
 * The steps as typed rows, or (for power users) as the JSON array the API takes. In the JSON view
 * `json` holds the text; switching back parses it into rows, or keeps the view open with the error.
 */
export function StepsEditor({
  drafts,
  onDraftsChange,
  json,
  jsonError,
  onJsonChange,
  onToggleJson,
  errorFor,
  listError,
  onBlurField,
}: {
  drafts: StepDraft[];
  onDraftsChange: (d: StepDraft[]) => void;
  json: string | null;
  jsonError?: string;
  onJsonChange: (text: string) => void;
  onToggleJson: () => void;
  errorFor: (index: number, field: string) => string | undefined;
  listError?: string;
  onBlurField: (key: string, field: string) => void;
}) {
  const move = (i: number, delta: -1 | 1) => {
    const next = [...drafts];
    [next[i], next[i + delta]] = [next[i + delta]!, next[i]!];
    onDraftsChange(next);
  };
  return (
    <Card>
      <CardHeader
        title="Steps"
        description="What the agent does after opening the start path, in order. A failing step ends the run with a finding and a screenshot."
        action={
          <Button size="sm" aria-pressed={json !== null} onClick={onToggleJson}>
            {json === null ? "JSON view" : "Back to rows"}
          </Button>
        }
      />
      {json !== null ? (
        <div className="p-4">
          <Field label="Steps as JSON" hint="An array of steps, e.g. [{ &quot;action&quot;: &quot;click&quot;, &quot;text&quot;: &quot;Buy&quot; }]. Applied when you go back to rows or save." error={jsonError}>
            {(p) => <Textarea {...p} rows={Math.min(24, Math.max(8, json.split("\n").length + 1))} value={json} onChange={(e) => onJsonChange(e.target.value)} spellCheck={false} />}
          </Field>
        </div>
      ) : drafts.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-muted">No steps yet: the agent only opens the start path and checks it loads. Add a step to click, fill or check something.</p>
      ) : (
        <ol aria-label="Steps">
          {drafts.map((d, i) => (
            <StepRow
              key={d.key}
              draft={d}
              index={i}
              count={drafts.length}
              errorFor={(field) => errorFor(i, field)}
              onChange={(next) => onDraftsChange(drafts.map((x) => (x.key === d.key ? next : x)))}
              onBlurField={(field) => onBlurField(d.key, field)}
              onMove={(delta) => move(i, delta)}
              onRemove={() => onDraftsChange(drafts.filter((x) => x.key !== d.key))}
            />
          ))}
        </ol>
      )}
      {listError && <p className="px-4 pb-2 text-xs text-bad">{listError}</p>}
      {json === null && (
        <div className="border-t border-line px-4 py-3">
          <Button size="sm" onClick={() => onDraftsChange([...drafts, emptyDraft()])} disabled={drafts.length >= 100}>
            Add step
          </Button>
        </div>
      )}
    </Card>
  );
}

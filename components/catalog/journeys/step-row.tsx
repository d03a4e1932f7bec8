"use client";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { fieldsOf, STEP_KINDS, type StepDraft, type StepKind } from "./step-model";

/** One step: its number, the action, that action's own fields (errors under each), and its moves. */
export function StepRow({
  draft,
  index,
  count,
  errorFor,
  onChange,
  onBlurField,
  onMove,
  onRemove,
}: {
  draft: StepDraft;
  index: number;
  count: number;
  /** The error of this row's field (or of the row itself for ""), if it should show. */
  errorFor: (field: string) => string | undefined;
  onChange: (d: StepDraft) => void;
  onBlurField: (field: string) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const rowError = errorFor("");
  return (
    <li className="border-b border-line px-4 py-3 last:border-b-0">
      <fieldset className="flex items-start gap-3">
        <legend className="sr-only">Step {n}</legend>
        <span aria-hidden="true" className="mt-7 flex size-6 shrink-0 items-center justify-center rounded-full bg-surface-2 text-xs font-medium tabular-nums text-muted">
          {n}
        </span>
        <Field label="Action" className="w-44 shrink-0">
          {(p) => (
            <Select {...p} value={draft.kind} onChange={(e) => onChange({ ...draft, kind: e.target.value as StepKind })}>
              {Object.entries(STEP_KINDS).map(([kind, k]) => (
                <option key={kind} value={kind}>
                  {k.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <div className="grid min-w-0 flex-1 grid-cols-2 gap-3">
          {fieldsOf(draft.kind).map((f) => (
            <Field key={f.name} label={f.label} error={errorFor(f.name)} className={fieldsOf(draft.kind).length === 1 ? "col-span-2" : undefined}>
              {(p) => (
                <Input
                  {...p}
                  type={f.number ? "number" : "text"}
                  min={f.number ? 0 : undefined}
                  max={f.number ? 10_000 : undefined}
                  placeholder={f.placeholder}
                  value={draft.values[f.name] ?? ""}
                  onChange={(e) => onChange({ ...draft, values: { ...draft.values, [f.name]: e.target.value } })}
                  onBlur={() => onBlurField(f.name)}
                />
              )}
            </Field>
          ))}
        </div>
        <div className="mt-6 flex shrink-0 gap-1">
          <Button size="sm" variant="ghost" aria-label={`Move step ${n} up`} disabled={index === 0} onClick={() => onMove(-1)}>
            <span aria-hidden="true">↑</span>
          </Button>
          <Button size="sm" variant="ghost" aria-label={`Move step ${n} down`} disabled={index === count - 1} onClick={() => onMove(1)}>
            <span aria-hidden="true">↓</span>
          </Button>
          <Button size="sm" variant="ghost" className="text-bad" aria-label={`Remove step ${n}`} onClick={onRemove}>
            Remove
          </Button>
        </div>
      </fieldset>
      {rowError && <p className="mt-1 pl-9 text-xs text-bad">{rowError}</p>}
    </li>
  );
}

"use client";
import { useId } from "react";
import { Field, Select } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import { Term } from "@/components/ui/tooltip";
import { SEVERITY_OPTIONS, type DigestErrors, type DigestForm } from "./form-state";
import { RecipientsInput } from "./recipients-input";

const SEND_OPTIONS = [
  { value: "always", label: "Always", hint: "after every run, passed or not" },
  { value: "on_failure", label: "On failure", hint: "only after a run with a failed or errored agent" },
] as const;

/** The digest settings' controls; the owner keeps the values, the errors and the Save. */
export function DigestFields({
  form,
  errors,
  onChange,
  draft,
  onDraftChange,
}: {
  form: DigestForm;
  errors: DigestErrors;
  onChange: (next: DigestForm) => void;
  draft: string;
  onDraftChange: (next: string) => void;
}) {
  const sendId = useId();
  return (
    <div className="space-y-5">
      <div className="space-y-1">
        <label className="flex items-center gap-3 text-sm font-medium">
          <Switch label="Email a digest" checked={form.enabled} onCheckedChange={(enabled) => onChange({ ...form, enabled })} />
          Email a digest
        </label>
        <p className="text-xs text-muted">
          {form.enabled ? "A summary of each run goes to the recipients below." : "Off: no digest is sent, the settings are kept."}
        </p>
        {errors.enabled && <p className="text-xs text-bad">{errors.enabled}</p>}
      </div>

      <RecipientsInput
        value={form.recipients}
        onChange={(recipients) => onChange({ ...form, recipients })}
        error={errors.recipients}
        draft={draft}
        onDraftChange={onDraftChange}
      />

      <fieldset className="space-y-1.5" aria-describedby={errors.send ? `${sendId}-error` : undefined}>
        <legend className="mb-1.5 text-sm font-medium">Send</legend>
        {SEND_OPTIONS.map((o) => (
          <label key={o.value} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name={`${sendId}-send`}
              value={o.value}
              checked={form.send === o.value}
              onChange={() => onChange({ ...form, send: o.value })}
              className="mt-0.5 accent-accent"
            />
            <span>
              {o.label} <span className="text-muted">— {o.hint}</span>
            </span>
          </label>
        ))}
        {errors.send && (
          <p id={`${sendId}-error`} className="text-xs text-bad">
            {errors.send}
          </p>
        )}
      </fieldset>

      <Field
        label={
          <Term explain="Findings less severe than this are left out of the email. Severity runs critical, high, medium, low, info.">
            Minimum severity
          </Term>
        }
        hint="Passed and failed journeys are always listed; this filters their findings."
        error={errors.min_severity}
      >
        {(p) => (
          <Select
            {...p}
            value={form.min_severity ?? ""}
            onChange={(e) => onChange({ ...form, min_severity: (e.target.value || null) as DigestForm["min_severity"] })}
          >
            <option value="">All findings</option>
            {SEVERITY_OPTIONS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.value === "critical" ? "Critical only" : `${s.label} and above`}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </div>
  );
}

// The Digest tab's form: its values, how they compare with the saved config, and their errors from
// the very zod schema the API validates digest_config with.
import { DigestConfig as DigestConfigSchema } from "@/lib/schedules/schemas";
import type { ApiIssue } from "@/components/data/api";
import type { DigestConfig } from "@/components/data/types";

export type DigestForm = DigestConfig;
export type DigestField = "enabled" | "recipients" | "send" | "min_severity";
export type DigestErrors = Partial<Record<DigestField, string>>;

/** A schedule without a digest starts from the API's defaults, with no recipient yet. */
export const DEFAULT_FORM: DigestForm = { enabled: true, recipients: [], send: "always", min_severity: null };

export const SEVERITY_OPTIONS = [
  { value: "critical", label: "Critical" },
  { value: "high", label: "High" },
  { value: "medium", label: "Medium" },
  { value: "low", label: "Low" },
  { value: "info", label: "Info" },
] as const;

export function formFrom(saved: DigestConfig | null): DigestForm {
  return saved ? { ...saved, recipients: [...saved.recipients] } : DEFAULT_FORM;
}

export function sameForm(a: DigestForm, b: DigestForm): boolean {
  return (
    a.enabled === b.enabled &&
    a.send === b.send &&
    a.min_severity === b.min_severity &&
    a.recipients.length === b.recipients.length &&
    a.recipients.every((r, i) => r === b.recipients[i])
  );
}

/** One address, checked like each of digest_config.recipients. */
export function emailError(address: string): string | undefined {
  const r = DigestConfigSchema.shape.recipients.element.safeParse(address);
  return r.success ? undefined : `"${address}" is not an email address`;
}

export function validate(form: DigestForm): DigestErrors {
  const r = DigestConfigSchema.safeParse(form);
  return r.success ? {} : fieldErrors(r.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })));
}

/** The API's issues (paths under digest_config) or the form's own, one message per field. */
export function fieldErrors(issues: ApiIssue[]): DigestErrors {
  const out: DigestErrors = {};
  for (const issue of issues) {
    const path = issue.path[0] === "digest_config" ? issue.path.slice(1) : issue.path;
    const field = path[0] as DigestField | undefined;
    if (!field || out[field]) continue;
    out[field] = field === "recipients" ? recipientsMessage(path, issue.message) : issue.message;
  }
  return out;
}

function recipientsMessage(path: (string | number)[], message: string): string {
  if (path.length === 1 && /too small|>=1/i.test(message)) return "Add at least one recipient";
  if (path.length === 1 && /too big|<=50/i.test(message)) return "At most 50 recipients";
  return message;
}

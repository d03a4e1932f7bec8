// The editor's rows: one per journey step. "Click" has two shapes in the API (by selector or by
// text), so the row's kind is finer than the step's `action`; a row keeps every field it has seen,
// so switching the kind back and forth does not lose what was typed.
import type { JourneyStep } from "@/lib/journeys/schemas";

type StepField = { name: string; label: string; placeholder?: string; number?: boolean; hint?: string };

export const STEP_KINDS = {
  goto: { label: "Go to path", action: "goto", fields: [{ name: "path", label: "Path", placeholder: "/cart" }] },
  click: { label: "Click element", action: "click", fields: [{ name: "selector", label: "Selector", placeholder: "button[type=submit]" }] },
  click_text: { label: "Click text", action: "click", fields: [{ name: "text", label: "Text", placeholder: "Add to cart" }] },
  fill: {
    label: "Fill field",
    action: "fill",
    fields: [
      { name: "selector", label: "Selector", placeholder: "input[name=email]" },
      { name: "value", label: "Value", placeholder: "qa@example.com" },
    ],
  },
  press: { label: "Press key", action: "press", fields: [{ name: "key", label: "Key", placeholder: "Enter" }] },
  expect_text: { label: "Expect text", action: "expect_text", fields: [{ name: "text", label: "Text", placeholder: "Thank you for your order" }] },
  expect_url: { label: "Expect URL", action: "expect_url", fields: [{ name: "pattern", label: "URL pattern", placeholder: "/checkout/done" }] },
  wait: { label: "Wait", action: "wait", fields: [{ name: "ms", label: "Duration (ms)", placeholder: "500", number: true }] },
} satisfies Record<string, { label: string; action: JourneyStep["action"]; fields: StepField[] }>;

export type StepKind = keyof typeof STEP_KINDS;
export type StepDraft = { key: string; kind: StepKind; values: Record<string, string> };

let nextKey = 0;
export const newKey = () => `step-${++nextKey}`;

export const fieldsOf = (kind: StepKind): readonly StepField[] => STEP_KINDS[kind].fields;

export function emptyDraft(kind: StepKind = "click"): StepDraft {
  return { key: newKey(), kind, values: {} };
}

/** The step as the API takes it (not yet validated: the schema says what is wrong, field by field). */
export function draftToStep(d: StepDraft): Record<string, unknown> {
  const step: Record<string, unknown> = { action: STEP_KINDS[d.kind].action };
  for (const f of fieldsOf(d.kind)) {
    const raw = d.values[f.name] ?? "";
    // An empty number is "missing" (the schema says Required), not 0.
    step[f.name] = f.number ? (raw.trim() === "" ? undefined : Number(raw)) : raw;
  }
  return step;
}

/** A step from the API or the JSON view as a row; a string says why it cannot be one. */
export function stepToDraft(step: unknown): StepDraft | string {
  if (typeof step !== "object" || step === null || Array.isArray(step)) return "must be an object";
  const s = step as Record<string, unknown>;
  const kind = (s.action === "click" && "text" in s ? "click_text" : s.action) as StepKind;
  if (typeof s.action !== "string" || !(kind in STEP_KINDS)) return `unknown action ${JSON.stringify(s.action)}`;
  const values: Record<string, string> = {};
  const known = new Set(fieldsOf(kind).map((f) => f.name));
  for (const [k, v] of Object.entries(s)) {
    if (k === "action") continue;
    // Rows only hold their kind's fields: an unknown key would otherwise vanish silently on save.
    if (!known.has(k)) return `"${k}" is not a field of ${STEP_KINDS[kind].label.toLowerCase()}`;
    if (v !== undefined && v !== null) values[k] = String(v);
  }
  return { key: newKey(), kind, values };
}

/** The JSON view's text as rows, or what is wrong with it ("Step 3: unknown action …"). */
export function parseStepsJson(text: string): StepDraft[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return `Not valid JSON: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (!Array.isArray(parsed)) return "The steps must be a JSON array: [ { \"action\": … }, … ]";
  const drafts: StepDraft[] = [];
  for (const [i, step] of parsed.entries()) {
    const d = stepToDraft(step);
    if (typeof d === "string") return `Step ${i + 1}: ${d}`;
    drafts.push(d);
  }
  return drafts;
}

export const stepsJson = (drafts: StepDraft[]) => JSON.stringify(drafts.map(draftToStep), null, 2);

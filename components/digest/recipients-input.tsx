"use client";
import { useId, useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { emailError } from "./form-state";

/**
 * Recipients as chips: type an address and press Enter, a comma or "Add". Each address is checked
 * like the API checks it, and a refused one stays in the box with the reason next to it.
 */
export function RecipientsInput({
  value,
  onChange,
  error,
  draft,
  onDraftChange,
}: {
  value: string[];
  onChange: (next: string[]) => void;
  error?: string;
  draft: string;
  onDraftChange: (next: string) => void;
}) {
  const id = useId();
  const [draftError, setDraftError] = useState<string>();
  const shown = draftError ?? error;

  function add() {
    const address = draft.trim().replace(/,$/, "").trim();
    if (!address) return;
    const problem = emailError(address);
    if (problem) return setDraftError(problem);
    if (value.some((r) => r.toLowerCase() === address.toLowerCase())) return setDraftError(`${address} is already a recipient`);
    if (value.length >= 50) return setDraftError("At most 50 recipients");
    onChange([...value, address]);
    onDraftChange("");
    setDraftError(undefined);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter" || e.key === ",") {
      e.preventDefault();
      add();
    } else if (e.key === "Backspace" && draft === "" && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  }

  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        Recipients
      </label>
      {value.length > 0 && (
        <ul aria-label="Recipients" className="flex flex-wrap gap-1.5">
          {value.map((r) => (
            <li key={r} className="inline-flex items-center gap-1 rounded-full border border-line bg-surface-2 py-0.5 pr-1 pl-2.5 text-sm">
              {r}
              <button
                type="button"
                aria-label={`Remove ${r}`}
                onClick={() => onChange(value.filter((x) => x !== r))}
                className="inline-flex size-5 items-center justify-center rounded-full text-muted hover:bg-line hover:text-fg"
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex gap-2">
        <Input
          id={id}
          type="email"
          inputMode="email"
          autoComplete="off"
          placeholder="name@example.com"
          value={draft}
          aria-invalid={shown ? true : undefined}
          aria-describedby={`${id}-msg`}
          onChange={(e) => {
            onDraftChange(e.target.value);
            setDraftError(undefined);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => draft.trim() && add()}
        />
        <Button onClick={add} disabled={!draft.trim()}>
          Add
        </Button>
      </div>
      <p id={`${id}-msg`} className={shown ? "text-xs text-bad" : "text-xs text-muted"} role={shown ? "alert" : undefined}>
        {shown ?? "Press Enter or a comma after each address; up to 50."}
      </p>
    </div>
  );
}

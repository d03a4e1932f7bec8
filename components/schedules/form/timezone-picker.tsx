"use client";
import { useMemo } from "react";
import { Field, Input } from "@/components/ui/field";

/** Every IANA zone the browser knows, plus "UTC" (some runtimes list only "Etc/UTC"). */
function allZones(): string[] {
  let zones: string[] = [];
  try {
    zones = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  } catch {
    zones = [];
  }
  return ["UTC", ...zones.filter((z) => z !== "UTC")];
}

/**
 * A searchable zone picker: a text box with the zones as suggestions (the browser filters the list
 * as one types, e.g. "berl" → Europe/Berlin). Free text is allowed, the schema says whether it is a zone.
 */
export function TimeZonePicker({ value, onChange, error }: { value: string; onChange: (tz: string) => void; error?: string }) {
  const zones = useMemo(allZones, []);
  const listId = "schedule-timezones";
  return (
    <Field label="Time zone" hint="The run time and days are read in this zone, daylight saving included." error={error}>
      {(p) => (
        <>
          <Input {...p} list={listId} value={value} autoComplete="off" spellCheck={false} placeholder="Europe/Berlin" onChange={(e) => onChange(e.target.value)} />
          <datalist id={listId}>
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}

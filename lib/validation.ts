// Field schemas shared by the API's request bodies (and so by the OpenAPI document).
import { z } from "zod";

export const Uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "Must be a UUID")
  .meta({ format: "uuid" });

export function isValidTimeZone(tz: string): boolean {
  // Intl also accepts offsets such as "+01:00"; the API takes IANA names only.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .max(64)
  .refine(isValidTimeZone, { message: "Unknown IANA time zone" })
  .meta({ example: "Europe/Berlin", description: "IANA time zone name" });

export const Timestamp = z.string().meta({ format: "date-time" });

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export const Name = z.string().trim().min(1).max(200);

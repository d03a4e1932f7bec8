// Field schemas shared by the API's request bodies (and so by the OpenAPI document).
import { z } from "zod";
import { isValidTimeZone } from "@/lib/engine/tz";

export const Uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "Must be a UUID")
  .meta({ format: "uuid" });

/** An IANA zone name the runtime knows; Intl also accepts offsets such as "+01:00", the API does not. */
export function isIanaTimeZone(tz: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz) && isValidTimeZone(tz);
}

export const TimeZone = z
  .string()
  .max(64)
  .refine(isIanaTimeZone, { message: "Unknown IANA time zone" })
  .meta({ example: "Europe/Berlin", description: "IANA time zone name" });

export const Timestamp = z.string().meta({ format: "date-time" });

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export const Name = z.string().trim().min(1).max(200);

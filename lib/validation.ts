// Field schemas shared by the API's request bodies (and so by the OpenAPI document).
import { z } from "zod";
import { isValidTimeZone } from "@/lib/engine/tz";

// Upper and lower case spelled out rather than with the `i` flag: the OpenAPI generator copies the
// regex source into the document's `pattern`, where flags do not exist (it used to publish
// "…$/i", which no UUID matches, so clients validating responses rejected every id).
export const Uuid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "Must be a UUID")
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

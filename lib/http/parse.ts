// Request parsing: JSON bodies, query strings and path ids, all through zod, all failing as 400
// validation_error (or 404 for ids that cannot exist) before anything is written.
import { z } from "zod";
import { AppError, notFound } from "@/lib/errors";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** A path id that is not a UUID cannot name anything: 404, like an unknown one. */
export function pathId(value: string | undefined, what: string): string {
  if (!value || !isUuid(value)) throw notFound(what);
  return value.toLowerCase();
}

export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  const text = await req.text();
  if (text.trim() === "") {
    raw = {};
  } else {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError("validation_error", "Malformed JSON body", [{ path: [], message: "Body is not valid JSON" }]);
    }
  }
  return parseWith(schema, raw);
}

export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new AppError(
      "validation_error",
      "Invalid request",
      result.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
        message: i.message,
      })),
    );
  }
  return result.data;
}

export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams.entries());
  return parseWith(schema, params);
}

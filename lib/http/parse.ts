// Request parsing: JSON bodies, query strings and path ids, all through zod, all failing as 400
// validation_error (or 404 for ids that cannot exist) before anything is written.
import { z } from "zod";
import { AppError, notFound, type Issue } from "@/lib/errors";

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
  assertStorable(raw);
  return parseWith(schema, raw);
}

// PostgreSQL cannot store U+0000 in text or jsonb, nor a lone UTF-16 surrogate in jsonb: such input
// would fail at the database as a 500, so it is refused here, before anything is written.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unstorable(s: string): string | null {
  if (s.includes("\u0000")) return "Must not contain the NUL character (U+0000)";
  if (LONE_SURROGATE.test(s)) return "Must be well-formed Unicode (no lone surrogates)";
  return null;
}

/** Every string in a parsed JSON value, keys included, must be storable; else 400 with its path. */
export function assertStorable(value: unknown): void {
  const issues: Issue[] = [];
  const visit = (v: unknown, path: (string | number)[]) => {
    if (issues.length >= 20) return;
    if (typeof v === "string") {
      const problem = unstorable(v);
      if (problem) issues.push({ path, message: problem });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, [...path, i]));
    } else if (v !== null && typeof v === "object") {
      for (const [k, item] of Object.entries(v)) {
        const problem = unstorable(k);
        if (problem) issues.push({ path: [...path, k], message: `Field name: ${problem}` });
        visit(item, [...path, k]);
      }
    }
  };
  visit(value, []);
  if (issues.length > 0) throw new AppError("validation_error", "Invalid request", issues);
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
  assertStorable(params);
  return parseWith(schema, params);
}

// Request parsing: JSON bodies, query strings and path ids, all through zod, all failing as 400
// validation_error (or 404 for ids that cannot exist) before anything is written.
import { z } from "zod";
import { AppError, notFound, type Issue } from "@/lib/errors";
import { Uuid } from "@/lib/validation";

export function isUuid(value: string): boolean {
  return Uuid.safeParse(value).success;
}

/** A path id that is not a UUID cannot name anything: 404, like an unknown one. */
export function pathId(value: string | undefined, what: string): string {
  if (!value || !isUuid(value)) throw notFound(what);
  return value.toLowerCase();
}

/** Bodies over this many bytes are refused (413) without being read whole. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Deepest nesting of arrays and objects accepted in a JSON body; real bodies nest a few levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * The JSON body, parsed and validated. An empty body counts as `{}` (a POST without a body); a
 * non-empty one must be declared `application/json`, else 415. `maxBytes`: a larger limit for the
 * one route whose body carries an image (an agent's report).
 */
export async function readJson<S extends z.ZodType>(
  req: Request,
  schema: S,
  opts: { maxBytes?: number } = {},
): Promise<z.output<S>> {
  let raw: unknown;
  // A form post or text/plain (what a cross-site form or a browser's bare fetch sends) never reaches
  // the schema as if it were JSON. Judged after the body is read under the limit, so an oversized body
  // is a 413 whatever its type: the size limit is the one answer every caller can count on.
  const type = req.headers.get("content-type");
  const text = await readBodyText(req, opts.maxBytes ?? MAX_BODY_BYTES);
  if (type !== null && !isJsonMediaType(type)) throw unsupportedMediaType();
  if (text.trim() === "") {
    raw = {};
  } else {
    if (type === null) throw unsupportedMediaType();
    // Before parsing: nothing below (the storability walk, zod, the database's JSON encoding) then
    // ever sees a value deep enough to exhaust the stack.
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      throw new AppError("validation_error", "JSON body nested too deeply", [
        { path: [], message: `Arrays and objects must not nest more than ${MAX_JSON_DEPTH} levels deep` },
      ]);
    }
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError("validation_error", "Malformed JSON body", [{ path: [], message: "Body is not valid JSON" }]);
    }
  }
  assertStorable(raw);
  return parseWith(schema, raw);
}

/** `application/json` or a `+json` type, with any parameters (`; charset=utf-8`). */
export function isJsonMediaType(header: string): boolean {
  const essence = header.split(";")[0]!.trim().toLowerCase();
  return essence === "application/json" || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(essence);
}

const unsupportedMediaType = () =>
  new AppError("unsupported_media_type", "Request body must be JSON, sent with Content-Type: application/json");

const payloadTooLarge = (limit: number) =>
  new AppError("payload_too_large", `Request body must not exceed ${limit} bytes (${Math.round(limit / 1024 / 1024)} MB)`);

/**
 * The body as text, refused past `limit` bytes: at once when Content-Length announces more, else
 * while streaming (chunked bodies have no length, and a declared one may be wrong), so an oversized
 * body is never held in memory whole.
 */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > limit) throw payloadTooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  // Decoded like Request.text(): UTF-8, a leading BOM dropped, invalid bytes replaced.
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * Whether JSON text nests arrays/objects deeper than `max`: one pass over the characters, brackets
 * inside strings ignored, no recursion. Exact for valid JSON; invalid JSON is refused as a 400 either
 * way, so its answer does not matter.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \\ */) i++; // the escaped character cannot end the string
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

// PostgreSQL cannot store U+0000 in text or jsonb, nor a lone UTF-16 surrogate in jsonb: such input
// would fail at the database as a 500, so it is refused here, before anything is written.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unstorable(s: string): string | null {
  if (s.includes("\u0000")) return "Must not contain the NUL character (U+0000)";
  if (LONE_SURROGATE.test(s)) return "Must be well-formed Unicode (no lone surrogates)";
  return null;
}

type Visit = { value: unknown; key: string | number | null; keyIsName: boolean; parent: Visit | null };

function pathOf(node: Visit): (string | number)[] {
  const path: (string | number)[] = [];
  for (let n: Visit | null = node; n && n.key !== null; n = n.parent) path.push(n.key);
  return path.reverse();
}

/**
 * Every string in a parsed JSON value, keys included, must be storable; else 400 with its path.
 * Walked with an explicit stack rather than recursion, so no nesting depth can overflow the call
 * stack; issues come out in document order, at most 20.
 */
export function assertStorable(value: unknown): void {
  const issues: Issue[] = [];
  const stack: Visit[] = [{ value, key: null, keyIsName: false, parent: null }];
  while (stack.length > 0 && issues.length < 20) {
    const node = stack.pop()!;
    if (node.keyIsName) {
      const problem = unstorable(node.key as string);
      if (problem) issues.push({ path: pathOf(node), message: `Field name: ${problem}` });
    }
    const v = node.value;
    if (typeof v === "string") {
      const problem = unstorable(v);
      if (problem) issues.push({ path: pathOf(node), message: problem });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, keyIsName: false, parent: node });
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, item] = entries[i]!;
        stack.push({ value: item, key: k, keyIsName: true, parent: node });
      }
    }
  }
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

// fast-check arbitraries generated from the JSON Schemas of the served OpenAPI 3.1 document: values
// of a schema's shape, and hostile variants of them (one site made wrong: a wrong type, a missing
// required field, an extra key such as `__proto__`, a huge or unstorable string, an out-of-range or
// non-integer number, an array too long, nesting too deep). Which generated bodies really are
// invalid is not guessed here: `BodyCheck` asks Ajv, on the document itself, so the fuzz test's
// expectations follow the document and a new endpoint needs no code here unless its schema uses a
// keyword this file does not know, which fails loudly (`UnsupportedSchema`).
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import fc from "fast-check";

export type Schema = Record<string, unknown>;
export type OpenApiDoc = { paths: Record<string, Record<string, unknown>>; components?: { schemas?: Record<string, Schema> } };

export class UnsupportedSchema extends Error {}

/** Keywords that constrain nothing. */
const ANNOTATIONS = new Set(["description", "example", "examples", "default", "title", "deprecated", "readOnly", "writeOnly", "$comment"]);
/** Keywords the generators below understand; anything else in a request schema is refused. */
const HANDLED = new Set([
  "$ref", "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
  "minLength", "maxLength", "pattern", "format", "enum", "const", "minimum", "maximum", "anyOf", "oneOf",
]);
const FORMATS = new Set(["uuid", "email", "uri", "date-time"]);

export type GenContext = {
  doc: OpenApiDoc;
  /** Ids of real objects: a `format: uuid` field draws from them as well as random UUIDs. */
  ids: string[];
};

/** Follows `#/components/...` refs. */
export function deref(doc: OpenApiDoc, schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === "string"; hops++) {
    const ref = current.$ref as string;
    if (!ref.startsWith("#/") || hops > 20) throw new UnsupportedSchema(`cannot follow $ref ${ref}`);
    const target = ref
      .slice(2)
      .split("/")
      .reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
    if (!target || typeof target !== "object") throw new UnsupportedSchema(`$ref ${ref} points at nothing`);
    current = target as Schema;
  }
  return current;
}

/** Throws `UnsupportedSchema` naming the first keyword or format (anywhere inside) this file cannot generate. */
export function assertSupported(doc: OpenApiDoc, schema: Schema, at = "#", seen = new Set<Schema>()): void {
  const s = deref(doc, schema);
  if (seen.has(s)) return;
  seen.add(s);
  for (const key of Object.keys(s)) {
    if (!HANDLED.has(key) && !ANNOTATIONS.has(key)) throw new UnsupportedSchema(`${at}: keyword "${key}" is not supported by the generator`);
  }
  if (s.format !== undefined && !FORMATS.has(s.format as string)) throw new UnsupportedSchema(`${at}: format "${String(s.format)}" is not supported`);
  if (s.additionalProperties !== undefined && typeof s.additionalProperties !== "boolean") {
    throw new UnsupportedSchema(`${at}: additionalProperties must be a boolean`);
  }
  for (const [name, sub] of Object.entries((s.properties as Record<string, Schema>) ?? {})) assertSupported(doc, sub, `${at}/properties/${name}`, seen);
  if (s.items) assertSupported(doc, s.items as Schema, `${at}/items`, seen);
  for (const k of ["anyOf", "oneOf"]) {
    ((s[k] as Schema[]) ?? []).forEach((sub, i) => assertSupported(doc, sub, `${at}/${k}/${i}`, seen));
  }
}

const typesOf = (s: Schema): string[] =>
  Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === "string" ? [s.type] : [];

// ------------------------------------------------------------------ valid values
export function validArb(ctx: GenContext, schema: Schema): fc.Arbitrary<unknown> {
  const s = deref(ctx.doc, schema);
  if ("const" in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (branches) return fc.oneof(...branches.map((b) => validArb(ctx, b)));
  const types = typesOf(s);
  if (types.length === 0) throw new UnsupportedSchema(`schema without a type: ${JSON.stringify(s).slice(0, 200)}`);
  return fc.oneof(...types.map((t) => validOfType(ctx, s, t)));
}

function validOfType(ctx: GenContext, s: Schema, type: string): fc.Arbitrary<unknown> {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: (s.minimum as number) ?? -1_000_000, max: (s.maximum as number) ?? 1_000_000 });
    case "number":
      return fc.double({ min: (s.minimum as number) ?? -1e6, max: (s.maximum as number) ?? 1e6, noNaN: true });
    case "string":
      return validString(ctx, s);
    case "array": {
      const min = (s.minItems as number) ?? 0;
      const max = Math.min((s.maxItems as number) ?? min + 4, min + 4);
      return fc.array(validArb(ctx, (s.items as Schema) ?? {}), { minLength: min, maxLength: max });
    }
    case "object": {
      const props = (s.properties as Record<string, Schema>) ?? {};
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validArb(ctx, v)]));
      return fc.record(model, { requiredKeys: (s.required as string[]) ?? [] });
    }
    default:
      throw new UnsupportedSchema(`type "${type}" is not supported`);
  }
}

function validString(ctx: GenContext, s: Schema): fc.Arbitrary<string> {
  const min = (s.minLength as number) ?? 0;
  const max = (s.maxLength as number) ?? 200;
  const fits = (v: string) => v.length >= min && v.length <= max;
  switch (s.format) {
    case "uuid":
      return ctx.ids.length > 0 ? fc.oneof(fc.constantFrom(...ctx.ids), fc.uuid()) : fc.uuid();
    case "email":
      return fc
        .tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.stringMatching(/^[a-z]{1,12}$/), fc.constantFrom("com", "io", "example"))
        .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
    case "uri":
      return fc.webUrl({ validSchemes: ["https", "http"] }).filter(fits);
    case "date-time":
      return fc.date({ min: new Date("2000-01-01Z"), max: new Date("2100-01-01Z"), noInvalidDate: true }).map((d) => d.toISOString());
  }
  if (typeof s.pattern === "string") return fc.stringMatching(new RegExp(s.pattern as string)).filter(fits);
  const plain = fc.string({ minLength: Math.max(min, 1), maxLength: Math.min(max, Math.max(min, 1) + 40) }).filter((v) => v.trim() !== "");
  // The document's example is the likeliest value to pass rules the schema cannot express (a time zone).
  return typeof s.example === "string" ? fc.oneof(fc.constant(s.example), plain) : plain;
}

// ------------------------------------------------------------------ hostile values
/** A number literal JSON.stringify cannot write (`1e999`): spliced into the text by `toJsonText`. */
export class RawLiteral {
  constructor(readonly text: string) {}
}

const MB = 1024 * 1024;
/** A string of 100 kB – 900 kB: under the 1 MB body limit, so the schema (not the limit) must refuse it. */
export const hugeString = fc
  .tuple(fc.integer({ min: 100_000, max: 900_000 }), fc.constantFrom("a", " ", "0", "é", "\\", '"', "😀"))
  .map(([n, c]) => c.repeat(Math.max(1, Math.floor(n / (Buffer.byteLength(JSON.stringify(c)) - 2)))));

/** Characters PostgreSQL, JSON or a naive renderer make interesting. */
const hostileChar = fc.constantFrom(
  "\u0000", "\ud800", "\udbff", "\udc00", "\udfff", "\ufeff", "\u202e", "\u200b", "\u0301", "😀", "\u2028", "\ufffd", "\u001b", "\r\n", "'", '"', "\\", "<", "%s",
);
/** A string with a hostile character inserted somewhere (often a lone surrogate or NUL, which must be refused). */
const unicodeString = (base: fc.Arbitrary<string>) =>
  fc.tuple(base, fc.array(hostileChar, { minLength: 1, maxLength: 3 }), fc.nat()).map(([b, chars, at]) => {
    const i = at % (b.length + 1);
    return b.slice(0, i) + chars.join("") + b.slice(i);
  });

/**
 * Arrays or objects nested 10–63 levels (a schema error) or 65–3,000 (over the depth limit), as
 * literal JSON text: building them as values would overflow JSON.stringify's stack first.
 */
const deepValue = fc
  .tuple(fc.oneof(fc.integer({ min: 10, max: 63 }), fc.integer({ min: 65, max: 3_000 })), fc.boolean())
  .map(([depth, array]) => new RawLiteral(array ? "[".repeat(depth) + "1" + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth)));

const SPECIAL_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "__defineGetter__", "isAdmin", "tenant_id", "id"];
/** A value that, merged naively into an object, would pollute prototypes. */
const pollutingValue = fc.constantFrom<unknown>(
  { polluted: "yes" },
  { prototype: { polluted: "yes" } },
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  "polluted",
  null,
);
const extraKey = fc.oneof(
  fc.constantFrom(...SPECIAL_KEYS),
  fc.string({ minLength: 1, maxLength: 20 }),
  unicodeString(fc.constant("key")),
  fc.integer({ min: 1_000, max: 50_000 }).map((n) => "k".repeat(n)),
);

/** Values of every JSON type, for "wrong type" (the caller keeps those the schema does not allow). */
const ANY_TYPE: { type: string; value: unknown }[] = [
  { type: "null", value: null },
  { type: "boolean", value: true },
  { type: "boolean", value: false },
  { type: "integer", value: 0 },
  { type: "integer", value: 1 },
  { type: "number", value: 1.5 },
  { type: "string", value: "" },
  { type: "string", value: "1" },
  { type: "string", value: "true" },
  { type: "array", value: [] },
  { type: "array", value: [null] },
  { type: "object", value: {} },
];

function wrongType(s: Schema): fc.Arbitrary<unknown> {
  const allowed = new Set(typesOf(s));
  if (allowed.has("number")) allowed.add("integer");
  const candidates = ANY_TYPE.filter((c) => !allowed.has(c.type)).map((c) => c.value);
  return candidates.length > 0 ? fc.constantFrom(...candidates) : fc.constant(Symbol.for("impossible"));
}

function hostileNumber(s: Schema): fc.Arbitrary<unknown> {
  const min = (s.minimum as number) ?? -(2 ** 31);
  const max = (s.maximum as number) ?? 2 ** 31;
  return fc.oneof(
    fc.constantFrom<unknown>(min - 1, max + 1, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), Number.MIN_VALUE, min + 0.5),
    fc.constantFrom("NaN", "Infinity", "-Infinity", "1e999", "0x10", "١", String(min), " 1", ""),
    fc.constantFrom("1e999", "-1e999", "123456789012345678901234567890", "1E400", "-0.0000000000000000000000001").map((t) => new RawLiteral(t)),
    fc.oneof(fc.integer({ min: max + 1 }), fc.integer({ max: min - 1 })),
  );
}

function hostileString(ctx: GenContext, s: Schema): fc.Arbitrary<unknown> {
  const max = (s.maxLength as number) ?? 200;
  const base = validString(ctx, s);
  const options: fc.Arbitrary<unknown>[] = [
    hugeString,
    unicodeString(base),
    // Just over the limit, in characters that are one UTF-16 unit each.
    fc.constantFrom("x", "é").map((c) => c.repeat(max + 1)),
    fc.constantFrom("", " ", "\t", "not-valid", "javascript:alert(1)", "a@", "@b.c", "24:00", "Mars/Olympus_Mons", "00000000-0000-0000-0000-00000000000g", "' or 1=1 --", "../../etc/passwd"),
  ];
  if (Array.isArray(s.enum)) options.push(fc.constantFrom(...(s.enum as unknown[]).filter((e) => typeof e === "string").map((e) => `${(e as string).toUpperCase()} `)));
  return fc.oneof(...options);
}

function hostileArray(ctx: GenContext, s: Schema, depth: number): fc.Arbitrary<unknown> {
  const items = (s.items as Schema) ?? {};
  const min = (s.minItems as number) ?? 0;
  const options: fc.Arbitrary<unknown>[] = [
    // One element made hostile, among valid ones.
    fc.tuple(validArb(ctx, s), hostileArb(ctx, items, depth + 1), fc.nat()).map(([arr, bad, at]) => {
      const copy = [...(arr as unknown[])];
      copy.splice(at % (copy.length + 1), 0, bad);
      return copy;
    }),
  ];
  if (typeof s.maxItems === "number") {
    const max = s.maxItems;
    // Too long: copies of one valid element (kept small so the body stays under the size limit).
    options.push(fc.tuple(validArb(ctx, items), fc.integer({ min: max + 1, max: max + 20 })).map(([item, n]) => Array.from({ length: n }, () => item)));
  }
  if (min > 0) options.push(fc.array(validArb(ctx, items), { maxLength: min - 1 }));
  return fc.oneof(...options);
}

function hostileObject(ctx: GenContext, s: Schema, depth: number): fc.Arbitrary<unknown> {
  const props = (s.properties as Record<string, Schema>) ?? {};
  const required = (s.required as string[]) ?? [];
  const valid = validOfType(ctx, s, "object") as fc.Arbitrary<Record<string, unknown>>;
  const options: fc.Arbitrary<unknown>[] = [
    // An extra key (own property even when it is `__proto__`, as JSON.parse makes it).
    fc.tuple(valid, fc.array(fc.tuple(extraKey, fc.oneof(pollutingValue, hostileScalar)), { minLength: 1, maxLength: 3 })).map(([obj, extras]) => {
      const copy = { ...obj };
      for (const [k, v] of extras) Object.defineProperty(copy, k, { value: v, enumerable: true, configurable: true, writable: true });
      return copy;
    }),
  ];
  if (required.length > 0) {
    options.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([obj, drop]) => {
        const { [drop]: _dropped, ...rest } = obj;
        return rest;
      }),
    );
  }
  const names = Object.keys(props);
  if (names.length > 0 && depth < 8) {
    // One property made hostile, the rest valid.
    options.push(
      fc.constantFrom(...names).chain((name) =>
        fc.tuple(valid, hostileArb(ctx, props[name]!, depth + 1)).map(([obj, bad]) => ({ ...obj, [name]: bad })),
      ),
    );
  }
  return fc.oneof(...options);
}

const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, "", "\u0000", "\ud800"),
  fc.string({ maxLength: 20 }),
  fc.double(),
);

/**
 * A value for `schema` with (at least) one hostile site. Usually invalid against the schema; not
 * always (a huge string where the limit is higher), which is why callers classify with `BodyCheck`.
 */
export function hostileArb(ctx: GenContext, schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(ctx.doc, schema);
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  const common: fc.Arbitrary<unknown>[] = [deepValue];
  if (branches) {
    return fc.oneof(...branches.map((b) => hostileArb(ctx, b, depth + 1)), ...common, wrongTypeOfUnion(ctx, branches));
  }
  if (typesOf(s).length > 0) common.push(wrongType(s).filter((v) => typeof v !== "symbol"));
  const own: fc.Arbitrary<unknown>[] = [];
  if (Array.isArray(s.enum) || "const" in s) own.push(fc.constantFrom<unknown>("not-in-enum", 42, "", ...((s.enum as unknown[]) ?? []).filter((e) => typeof e === "string").map((e) => `${e}\u0000`)));
  for (const t of typesOf(s)) {
    if (t === "integer" || t === "number") own.push(hostileNumber(s));
    if (t === "string" && !Array.isArray(s.enum)) own.push(hostileString(ctx, s));
    if (t === "array") own.push(hostileArray(ctx, s, depth));
    if (t === "object") own.push(hostileObject(ctx, s, depth));
  }
  return fc.oneof({ weight: 1, arbitrary: fc.oneof(...common) }, { weight: 3, arbitrary: own.length > 0 ? fc.oneof(...own) : fc.oneof(...common) });
}

function wrongTypeOfUnion(ctx: GenContext, branches: Schema[]): fc.Arbitrary<unknown> {
  const types = new Set(branches.flatMap((b) => typesOf(deref(ctx.doc, b))));
  return wrongType({ type: [...types] }).filter((v) => typeof v !== "symbol");
}

/** JSON text of `value`, with `RawLiteral`s spliced in as literals. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof RawLiteral) {
      raws.push(v.text);
      return `@@raw-literal-${raws.length - 1}@@`;
    }
    return v;
  });
  return raws.length === 0 ? text : text.replace(/"@@raw-literal-(\d+)@@"/g, (_m, i: string) => raws[Number(i)]!);
}

// ------------------------------------------------------------------ judging a body
const DOC_ID = "urn:rota:openapi-fuzz";
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a request body is one the API promises to refuse: not JSON, nested deeper than
 * `maxDepth`, carrying a string PostgreSQL cannot store (NUL, a lone surrogate), over `maxBytes`,
 * or invalid against the operation's schema in the document (Ajv, JSON Schema 2020-12).
 */
export class BodyCheck {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(
    doc: OpenApiDoc,
    private readonly limits: { maxDepth: number },
  ) {
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOC_ID, components: doc.components ?? {}, paths: doc.paths });
  }

  /** Why `text` must be refused by the operation whose body schema sits at `pointer`, or null. */
  refusal(pointer: string, text: string, maxBytes: number): string | null {
    if (Buffer.byteLength(text) > maxBytes) return "over the size limit";
    // As the server reads it: UTF-8 decoding drops a leading BOM, and a blank body means `{}`.
    const decoded = text.replace(/^\ufeff/, "");
    let value: unknown = {};
    if (decoded.trim() !== "") {
      try {
        value = JSON.parse(decoded);
      } catch {
        return "not JSON";
      }
    }
    if (depthOf(value) > this.limits.maxDepth) return "nested too deeply";
    if (hasUnstorableString(value)) return "unstorable string";
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(DOC_ID + pointer);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      this.validators.set(pointer, validate);
    }
    return validate(value) ? null : `schema: ${this.ajv.errorsText(validate.errors)}`;
  }
}

function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v && typeof v === "object") {
      max = Math.max(max, d + 1);
      for (const child of Object.values(v)) stack.push([child, d + 1]);
    }
  }
  return max;
}

function hasUnstorableString(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.includes("\u0000") || LONE_SURROGATE.test(v)) return true;
    } else if (v && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        if (k.includes("\u0000") || LONE_SURROGATE.test(k)) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

export { MB };

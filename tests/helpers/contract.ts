// Checks an HTTP response against the OpenAPI document the server publishes: the operation (method
// and path template) must be documented, the status must be one of its responses, the content type
// one of that response's media types, and the body must validate against that media type's schema.
//
// The schemas are run by Ajv in its JSON Schema 2020-12 mode (the dialect of OpenAPI 3.1), straight
// from the served document and never from our zod schemas: the point is to catch the document
// drifting from what the handlers really send, which a check built from the same zod schemas that
// generate the document could never see. Ready-made OpenAPI response validators were not used:
// the maintained ones validate with draft-07 semantics, reject 3.1 documents, or let an
// undocumented status pass silently.
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { startsWithPngSignature } from "@/lib/png";

type Json = Record<string, unknown>;
type MediaType = { schema?: unknown };
type ResponseObject = { description?: string; content?: Record<string, MediaType>; headers?: Record<string, unknown> };
type Operation = { operationId?: string; responses?: Record<string, ResponseObject | { $ref: string }> };
export type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, unknown>>; components?: Json };

export type ObservedResponse = {
  method: string;
  /** Path as requested, with or without a query string. */
  path: string;
  status: number;
  headers: Headers;
  /** The raw body bytes (binary bodies: a PNG). */
  bytes?: Uint8Array;
  /** The raw body text. */
  text: string;
};

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Paths the server serves outside the published API: the cron route is called by the platform's
 * scheduler with its own secret and is deliberately not in the document (the OpenAPI test checks
 * that the document covers exactly app/api/v1, app/api/admin and app/api/health).
 */
const OUTSIDE_THE_DOCUMENT = [/^\/api\/cron\//];

/** The base URI the document's schemas are registered under, so `#/components/...` refs resolve. */
const DOC_ID = "urn:rota:openapi";

type Template = { path: string; re: RegExp; params: number };

export class Contract {
  private readonly ajv: Ajv2020;
  private readonly templates: Template[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly doc: OpenApiDocument) {
    if (!/^3\.1\./.test(doc.openapi)) throw new Error(`expected an OpenAPI 3.1 document, got ${doc.openapi}`);
    this.ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, validateFormats: true });
    addFormats(this.ajv);
    // OpenAPI's own schema keywords are annotations for validation purposes.
    this.ajv.addVocabulary(["example", "discriminator", "xml", "externalDocs"]);
    // The two containers of the registered resource below are not schema keywords: declaring them
    // keeps strict mode (which rejects unknown keywords and formats inside real schemas) usable.
    this.ajv.addVocabulary(["components", "paths"]);
    this.ajv.addSchema({ $id: DOC_ID, components: closeObjects(doc.components ?? {}), paths: closeObjects(doc.paths) });
    // Concrete paths match before templated ones, as OpenAPI and the router both require.
    this.templates = Object.keys(doc.paths)
      .map((path) => ({
        path,
        params: (path.match(/\{[^}]+\}/g) ?? []).length,
        re: new RegExp(
          "^" + path.split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^$()|[\]\\]/g, "\\$&")).join("[^/]+") + "$",
        ),
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** Every way `res` departs from the document; empty when it conforms. */
  check(res: ObservedResponse): string[] {
    const pathname = res.path.split("?")[0]!;
    if (OUTSIDE_THE_DOCUMENT.some((re) => re.test(pathname))) return [];
    const template = this.templates.find((t) => t.re.test(pathname));
    if (!template) return [`no path of the document matches ${pathname}`];
    const method = res.method.toLowerCase();
    const item = this.doc.paths[template.path]!;
    const op = item[method] as Operation | undefined;
    if (!op || !METHODS.includes(method)) {
      const documented = Object.keys(item).filter((k) => METHODS.includes(k)).map((k) => k.toUpperCase());
      return [`${res.method.toUpperCase()} ${template.path} is not documented (documented: ${documented.join(", ")})`];
    }
    const responses = op.responses ?? {};
    const status = String(res.status);
    const key = [status, `${status[0]}XX`, "default"].find((k) => k in responses);
    if (key === undefined) {
      return [`status ${res.status} is not documented for ${method.toUpperCase()} ${template.path} (documented: ${Object.keys(responses).join(", ")})`];
    }
    const response = this.deref(responses[key]) as ResponseObject;
    const pointer = `#/paths/${escape(template.path)}/${method}/responses/${escape(key)}`;
    return [...this.checkHeaders(res.headers, response), ...this.checkBody(res, response, pointer)];
  }

  private checkHeaders(headers: Headers, response: ResponseObject): string[] {
    const problems: string[] = [];
    for (const [name, raw] of Object.entries(response.headers ?? {})) {
      const header = this.deref(raw) as { required?: boolean; schema?: unknown };
      const value = headers.get(name);
      if (value === null) {
        if (header.required) problems.push(`header ${name} is required but missing`);
        continue;
      }
      if (header.schema !== undefined) {
        const validate = this.ajv.compile(header.schema as object);
        // Header values are text; a number-typed header is checked as the number it spells.
        const numeric = value.trim() !== "" && Number.isFinite(Number(value));
        const ok = validate(value as unknown) || (numeric && validate(Number(value)));
        if (!ok) {
          problems.push(`header ${name}: ${describe(validate.errors)}`);
        }
      }
    }
    return problems;
  }

  private checkBody(res: ObservedResponse, response: ResponseObject, pointer: string): string[] {
    const content = response.content ?? {};
    const mediaTypes = Object.keys(content);
    if (mediaTypes.length === 0) {
      return res.text === "" ? [] : [`status ${res.status} documents no body, but one came: ${excerpt(res.text)}`];
    }
    const contentType = res.headers.get("content-type");
    if (contentType === null) return [`content-type is missing (documented: ${mediaTypes.join(", ")})`];
    const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
    const documented = mediaTypes.find((m) => mediaTypeMatches(m.toLowerCase(), mediaType));
    if (documented === undefined) return [`content-type ${contentType} is not documented (documented: ${mediaTypes.join(", ")})`];
    if (content[documented]!.schema === undefined) return [];
    if (!/^application\/(.+\+)?json$/.test(mediaType)) return checkBinary(res, mediaType);
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      return [`content-type is ${mediaType} but the body is not JSON: ${excerpt(res.text)}`];
    }
    const validate = this.validator(`${pointer}/content/${escape(documented)}/schema`);
    return validate(body) ? [] : [`body does not match the schema: ${describe(validate.errors)}`];
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(DOC_ID + pointer);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      this.validators.set(pointer, validate);
    }
    return validate;
  }

  /** Follows a local `$ref` of a response or header object (schemas' refs are Ajv's business). */
  private deref(node: unknown): unknown {
    let current = node;
    for (let hops = 0; current && typeof current === "object" && "$ref" in current; hops++) {
      const ref = (current as { $ref: string }).$ref;
      if (!ref.startsWith("#/") || hops > 10) throw new Error(`cannot follow $ref ${ref}`);
      current = ref
        .slice(2)
        .split("/")
        .reduce<unknown>((at, part) => (at as Json | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], this.doc);
    }
    return current;
  }
}

/**
 * A copy of `node` in which every object schema that lists its properties and says nothing about
 * others rejects unlisted ones. JSON Schema leaves such objects open, and a client may rely on that
 * for forward compatibility, but here a field the handler sends and the document does not list is
 * the document lagging behind the code, which is what these checks exist to catch.
 */
function closeObjects(node: unknown): any {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (DATA_KEYWORDS.includes(k)) out[k] = v; // data, not schemas: kept exactly
    else if (SCHEMA_MAPS.includes(k) && v && typeof v === "object") {
      // name → schema: the names are data (a field may well be called "properties").
      out[k] = Object.fromEntries(Object.entries(v).map(([name, schema]) => [name, closeObjects(schema)]));
    } else out[k] = closeObjects(v);
  }
  const open = !("additionalProperties" in out || "unevaluatedProperties" in out || "patternProperties" in out);
  if (out.properties && typeof out.properties === "object" && open) out.unevaluatedProperties = false;
  return out;
}

const DATA_KEYWORDS = ["example", "examples", "default", "const", "enum"];
const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "dependentSchemas"];

function mediaTypeMatches(documented: string, actual: string): boolean {
  if (documented === actual || documented === "*/*") return true;
  const [type, subtype] = documented.split("/");
  return subtype === "*" && actual.startsWith(`${type}/`);
}

function escape(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function excerpt(text: string): string {
  return text.length > 300 ? `${JSON.stringify(text.slice(0, 300))}…` : JSON.stringify(text);
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `${e.instancePath || "(root)"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)} [${e.schemaPath}]`)
    .join("; ");
}

const contracts = new Map<string, Promise<Contract>>();

/** The contract `baseUrl` publishes, fetched once per server. */
export function contractOf(baseUrl: string): Promise<Contract> {
  let contract = contracts.get(baseUrl);
  if (!contract) {
    contract = (async () => {
      const res = await fetch(`${baseUrl}/api/v1/openapi.json`);
      if (res.status !== 200) throw new Error(`GET /api/v1/openapi.json: ${res.status} ${await res.text()}`);
      return new Contract((await res.json()) as OpenApiDocument);
    })();
    contract.catch(() => contracts.delete(baseUrl));
    contracts.set(baseUrl, contract);
  }
  return contract;
}

/** Throws, naming the request and every problem, when `res` departs from the published document. */
export async function assertConforms(baseUrl: string, res: ObservedResponse): Promise<void> {
  const problems = (await contractOf(baseUrl)).check(res);
  if (problems.length > 0) {
    throw new Error(
      `${res.method.toUpperCase()} ${res.path} → ${res.status}: the response does not conform to the OpenAPI document\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        `\n  body: ${excerpt(res.text)}`,
    );
  }
}


/** A binary body (documented as `format: binary`): present, and a real PNG when it says it is one. */
function checkBinary(res: ObservedResponse, mediaType: string): string[] {
  const bytes = res.bytes ?? new TextEncoder().encode(res.text);
  if (bytes.length === 0) return [`the ${mediaType} body is empty`];
  if (mediaType === "image/png" && !startsWithPngSignature(bytes)) {
    return ["the image/png body does not start with the PNG signature"];
  }
  if (!["image/png"].includes(mediaType)) return [`cannot check a ${mediaType} body`];
  return [];
}

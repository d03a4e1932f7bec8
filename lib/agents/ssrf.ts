// The guard against server-side request forgery. A tenant chooses its project's base_url and its
// journeys' paths, and our browser loads them from our machines: without this guard a journey could
// point it at the cloud metadata service (169.254.169.254, which hands out credentials) or at
// services on our private network, and read the answer back through a screenshot.
//
// The check resolves the host itself and judges every address it gets. Known gap: DNS rebinding. A
// host can answer our lookup with a public address and Chromium's own lookup, a moment later, with
// a private one. Closing it needs a proxy that connects to the very address we checked; until then
// the guard stops plain addresses, names that resolve to them, and redirects to them (see
// lib/agents/playwright.ts), not a hostile resolver.
import { promises as dns } from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";
import { clipText } from "@/lib/text";

export type AddressClass = "link_local" | "metadata" | "loopback" | "private" | "public";

export type CheckResult =
  | { ok: true }
  /**
   * `reason`: the whole sentence, naming the URL; `cause`: its middle, what is wrong with the
   * target ("169.254.169.254 is a link-local address (cloud metadata)"), for callers that word their
   * own. `unresolved`: the host has no address, which is the site's problem, not an attack.
   */
  | { ok: false; reason: string; cause: string; unresolved?: true };

export type CheckOptions = {
  /** Also refuse loopback and private addresses (a runner on a shared network must). */
  blockPrivate: boolean;
  /** Resolves a host name to its addresses; defaults to the system resolver. */
  lookup?: (host: string) => Promise<string[]>;
};

// Metadata services that do not sit in 169.254.0.0/16, whose addresses would otherwise pass as merely
// private or even public: AWS's IPv6 endpoint, Alibaba Cloud's, Azure's WireServer and Oracle's.
const METADATA_ADDRESSES = new Set(["fd00:ec2::254", "100.100.100.200", "168.63.129.16", "192.0.0.192"]);
// The link-local address every major cloud serves its metadata on; named in reasons so the finding
// says what was at stake.
const CLOUD_METADATA_V4 = "169.254.169.254";

const DESCRIPTION: Record<Exclude<AddressClass, "public">, string> = {
  link_local: "a link-local address",
  metadata: "a cloud metadata address",
  loopback: "a loopback address",
  private: "a private address",
};

/** What kind of network an IP address (v4 or v6, with or without brackets) is on. Throws if it is not an IP. */
export function classifyAddress(ip: string): AddressClass {
  const parsed = ipaddr.parse(ip.replace(/^\[(.*)\]$/, "$1"));
  return parsed.kind() === "ipv4" ? classifyV4(parsed as ipaddr.IPv4) : classifyV6(parsed as ipaddr.IPv6);
}

function classifyV4(addr: ipaddr.IPv4): AddressClass {
  if (METADATA_ADDRESSES.has(addr.toString())) return "metadata";
  switch (addr.range()) {
    case "linkLocal":
      return "link_local";
    case "loopback":
      return "loopback";
    // 0.0.0.0/8 reaches the local host on Linux; carrier-grade NAT, reserved, broadcast and
    // multicast space is not the public internet either.
    case "unspecified":
    case "private":
    case "carrierGradeNat":
    case "reserved":
    case "broadcast":
    case "multicast":
      return "private";
    default:
      return "public";
  }
}

function classifyV6(addr: ipaddr.IPv6): AddressClass {
  if (METADATA_ADDRESSES.has(addr.toNormalizedString()) || METADATA_ADDRESSES.has(addr.toString())) {
    return "metadata";
  }
  // Addresses that carry an IPv4 address are judged by it: ::ffff:169.254.169.254 is the metadata
  // service, and so is 64:ff9b::a9fe:a9fe behind a NAT64 gateway.
  const embedded = embeddedV4(addr);
  if (embedded) return classifyV4(embedded);
  // ipaddr.js knows fec0::/10 (deprecated site-local) as a range its type declarations omit.
  switch (addr.range() as string) {
    case "linkLocal":
      return "link_local";
    case "loopback":
      return "loopback";
    case "unspecified":
    case "uniqueLocal":
    case "deprecatedSiteLocal":
    case "multicast":
    case "rfc6052": // 64:ff9b:1::/48, the local-use NAT64 prefix (the well-known one is handled above)
      return "private";
    default:
      return "public";
  }
}

function embeddedV4(addr: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = addr.parts;
  const fromParts = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (addr.isIPv4MappedAddress()) return addr.toIPv4Address();
  const range = addr.range();
  // ::ffff:0:a.b.c.d (IPv4-translated, RFC 6145) and 64:ff9b::a.b.c.d (well-known NAT64, RFC 6052).
  if (range === "rfc6145") return fromParts(p[6]!, p[7]!);
  if (range === "rfc6052" && p[2] === 0) return fromParts(p[6]!, p[7]!);
  // 2002:aabb:ccdd::/48 routes to the 6to4 relay of IPv4 address aa.bb.cc.dd.
  if (range === "6to4") return fromParts(p[1]!, p[2]!);
  // ::a.b.c.d (deprecated IPv4-compatible); :: and ::1 themselves are not.
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7]! > 1)) return fromParts(p[6]!, p[7]!);
  return null;
}

/** The system resolver (getaddrinfo), every address of the name. */
export async function systemLookup(host: string): Promise<string[]> {
  return (await dns.lookup(host, { all: true })).map((a) => a.address);
}

/**
 * Whether the browser may load `url`: http(s) to hosts none of whose addresses is link-local or
 * metadata (always refused) or loopback or private (refused when `blockPrivate`); data:, blob: and
 * about: URLs; nothing else. Never throws.
 */
export async function checkUrl(url: string, opts: CheckOptions): Promise<CheckResult> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse(url, "not a valid URL");
  }
  const scheme = parsed.protocol;
  if (scheme === "data:" || scheme === "blob:" || scheme === "about:") return { ok: true };
  if (scheme !== "http:" && scheme !== "https:") {
    return refuse(url, `the ${scheme} scheme is not allowed`, "the runner loads only http(s), data:, blob: and about: URLs");
  }
  // WHATWG URL parsing has already turned 0x7f.1, 2130706433 and the like into dotted quads.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: string[];
  if (net.isIP(host)) {
    addresses = [host];
  } else if (/(^|\.)localhost\.?$/i.test(host)) {
    // Chromium answers localhost and every *.localhost name with loopback itself, without asking DNS,
    // where the system resolver may not know them: judge them as what the browser will reach.
    addresses = ["127.0.0.1", "::1"];
  } else {
    try {
      addresses = await (opts.lookup ?? systemLookup)(host);
    } catch (err) {
      return unresolved(host, (err as NodeJS.ErrnoException).code ?? String(err));
    }
    if (addresses.length === 0) return unresolved(host, "no addresses");
  }
  for (const address of addresses) {
    let kind: AddressClass;
    try {
      kind = classifyAddress(address);
    } catch {
      return refuse(url, `${host} resolved to ${address}, which is not an IP address`);
    }
    const always = kind === "link_local" || kind === "metadata";
    const blocked = always || (opts.blockPrivate && (kind === "loopback" || kind === "private"));
    if (!blocked) continue;
    const what = describe(kind as Exclude<AddressClass, "public">, address);
    const subject = host === address ? `${address} is ${what}` : `${host} resolves to ${address}, ${what}`;
    return refuse(url, subject, always ? "the runner never reaches it" : "this runner does not reach private networks");
  }
  return { ok: true };
}

function refuse(url: string, cause: string, outcome?: string): CheckResult {
  return { ok: false, reason: `Blocked request to ${clipText(url, 200)}: ${cause}${outcome ? `; ${outcome}` : ""}`, cause };
}

function unresolved(host: string, why: string): CheckResult {
  const cause = `could not resolve ${host}: ${why}`;
  return { ok: false, reason: `Could not resolve ${host}: ${why}`, cause, unresolved: true };
}

function describe(kind: Exclude<AddressClass, "public">, address: string): string {
  const base = DESCRIPTION[kind];
  const parsed = ipaddr.parse(address); // it parses: it was classified above
  const v4 = parsed.kind() === "ipv4" ? (parsed as ipaddr.IPv4) : embeddedV4(parsed as ipaddr.IPv6);
  return kind === "link_local" && v4?.toString() === CLOUD_METADATA_V4 ? `${base} (cloud metadata)` : base;
}


// The address a request came from, as a rate-limit key.
import { isIP } from "node:net";

/**
 * The client's address: the last entry of X-Forwarded-For, the one the nearest proxy (Vercel, a load
 * balancer) wrote, or the socket address `next start` puts there when no proxy did. A client talking
 * to `next start` directly can forge it (docs/adr/0007): so only a well-formed address counts (a
 * forged value of any other shape shares one key instead of minting new ones), and an IPv6 address
 * counts by its /64, the block one subscriber holds.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for") ?? headers.get("x-real-ip");
  const last = forwarded?.split(",").pop()?.trim() ?? "";
  const kind = isIP(last);
  if (kind === 4) return last;
  if (kind === 6) return ipv6Prefix64(last);
  return "unknown";
}

function ipv6Prefix64(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

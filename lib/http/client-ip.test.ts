import { expect, it } from "vitest";
import { clientIp } from "./client-ip";

const from = (xff: string | null) => clientIp(new Headers(xff === null ? {} : { "x-forwarded-for": xff }));

it("keys on the last X-Forwarded-For entry, the nearest proxy's", () => {
  expect(from("10.0.0.9, 203.0.113.7")).toBe("203.0.113.7");
  expect(from(" 198.51.100.2 ")).toBe("198.51.100.2");
  expect(from("::ffff:192.0.2.1")).toBe("192.0.2.1");
});

it("counts IPv6 by its /64, however it is written", () => {
  expect(from("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
  expect(from("2001:0db8:0001:0002:ffff:0:0:9")).toBe("2001:db8:1:2::/64");
  expect(from("2001:db8::1")).toBe("2001:db8:0:0::/64");
});

it("gives anything that is not an address one shared key", () => {
  expect(from(null)).toBe("unknown");
  expect(from("x".repeat(16_000))).toBe("unknown");
  expect(from("203.0.113.7, not-an-ip")).toBe("unknown");
});

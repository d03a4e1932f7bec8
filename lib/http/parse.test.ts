import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { assertStorable, isJsonMediaType, nestsDeeperThan, readJson } from "./parse";

describe("readJson and the Content-Type", () => {
  const schema = z.object({ name: z.string().optional() }).strict();
  const post = (body: string | undefined, type?: string) =>
    readJson(new Request("http://x.test/", { method: "POST", body, headers: type === undefined ? {} : { "content-type": type } }), schema);
  const code = (p: Promise<unknown>) => p.then(() => "ok", (e: AppError) => e.code);

  it("reads JSON declared as JSON, with parameters or a +json type", async () => {
    expect(await post('{"name":"a"}', "application/json")).toEqual({ name: "a" });
    expect(await post('{"name":"a"}', "Application/JSON; charset=utf-8")).toEqual({ name: "a" });
    expect(isJsonMediaType("application/merge-patch+json")).toBe(true);
  });

  it("refuses a body declared as anything else, or not declared, with 415 (a text/plain body could come from any site's form)", async () => {
    for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", ""]) {
      expect(await code(post('{"name":"a"}', type)), type).toBe("unsupported_media_type");
    }
    // Fetch itself would declare a string body text/plain; bytes go out with no type at all.
    const bare = new Request("http://x.test/", { method: "POST", body: new TextEncoder().encode('{"name":"a"}') });
    expect(bare.headers.get("content-type")).toBeNull();
    expect(await code(readJson(bare, schema))).toBe("unsupported_media_type");
  });

  it("refuses an oversized body with 413 whatever its declared type", async () => {
    const big = " ".repeat(1024 * 1024 + 1);
    expect(await code(post(big, "text/plain"))).toBe("payload_too_large");
    expect(await code(post(big, "application/json"))).toBe("payload_too_large");
  });

  it("takes an empty body as {} when nothing, or JSON, is declared", async () => {
    expect(await post(undefined)).toEqual({});
    expect(await post("", "application/json")).toEqual({});
    expect(await code(post("", "text/plain"))).toBe("unsupported_media_type");
  });
});

describe("nestsDeeperThan", () => {
  it("counts array and object nesting", () => {
    expect(nestsDeeperThan("1", 0)).toBe(false);
    expect(nestsDeeperThan("[]", 0)).toBe(true);
    expect(nestsDeeperThan("[]", 1)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":[]}]}', 3)).toBe(true);
    // Siblings do not add up: depth, not count.
    expect(nestsDeeperThan("[[],[],[],[]]", 2)).toBe(false);
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(nestsDeeperThan('{"a":"[[[[{{{{"}', 1)).toBe(false);
    expect(nestsDeeperThan('["\\"[[[[", "\\\\", "]]]"]', 1)).toBe(false);
    expect(nestsDeeperThan('["\\\\"]', 1)).toBe(false);
    expect(nestsDeeperThan('["\\\\", [[]]]', 2)).toBe(true);
  });

  it("answers for millions of levels without recursion", () => {
    const depth = 2_000_000;
    expect(nestsDeeperThan("[".repeat(depth) + "]".repeat(depth), 64)).toBe(true);
  });
});

describe("assertStorable", () => {
  it("walks values of any depth without overflowing the stack, reporting the path", () => {
    const depth = 100_000;
    let value: unknown = "bad\u0000";
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value };
    try {
      assertStorable(value);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      const [issue] = (err as AppError).issues!;
      expect(issue!.path).toHaveLength(depth);
      expect(issue!.path.slice(0, 2)).toEqual([0, "k"]);
    }
  });

  it("reports field names and values in document order, at most 20", () => {
    const value = { ok: ["fine", "x\u0000"], "n\u0000": { deeper: "\ud800" }, last: "y\u0000" };
    try {
      assertStorable(value);
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).issues!.map((i) => i.path)).toEqual([["ok", 1], ["n\u0000"], ["n\u0000", "deeper"], ["last"]]);
    }
    const many = Array.from({ length: 50 }, () => "\u0000");
    try {
      assertStorable(many);
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).issues).toHaveLength(20);
    }
    expect(() => assertStorable({ a: [1, null, true, "ok", { b: "fine" }] })).not.toThrow();
  });
});

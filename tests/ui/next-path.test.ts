// After sign-in, `?next=` may only lead to a page of Rota itself (no open redirect).
import { expect, it } from "vitest";
import { safeNextPath } from "@/components/auth/next-path";

const ORIGIN = "http://localhost:3000";

it("keeps a path of this origin, with its query and hash", () => {
  // A tab inside a path is dropped by the URL parser: still a page of this origin.
  expect(safeNextPath("/\tagents", ORIGIN)).toBe("/agents");
  expect(safeNextPath("/schedules/abc/runs?x=1#top", ORIGIN)).toBe("/schedules/abc/runs?x=1#top");
  expect(safeNextPath(null, ORIGIN)).toBe("/schedules");
  expect(safeNextPath("", ORIGIN)).toBe("/schedules");
});

it("refuses anything the browser would take to another origin", () => {
  for (const next of ["//evil.com", "/\\evil.com", "/\t/evil.com", "\t//evil.com", "https://evil.com/x", "javascript:alert(1)", "http://localhost:3001/"]) {
    expect(safeNextPath(next, ORIGIN), JSON.stringify(next)).toBe("/schedules");
  }
});

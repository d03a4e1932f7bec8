// Security headers on pages and the API (lib/security-headers.ts), none on the demo shop, which stands
// in for a customer's site. That no page breaks under the policy is what every other spec's
// "no console errors" proves (a blocked script or style is a console error).
import { expect, test } from "./fixtures";

test("pages and the API carry the security headers; the demo shop does not", async ({ request }) => {
  for (const path of ["/sign-in", "/api/v1/openapi.json", "/api/v1/schedules"]) {
    const res = await request.get(path, { maxRedirects: 0 });
    const h = res.headers();
    expect(h["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"], path).toContain("object-src 'none'");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(h["x-frame-options"], path).toBe("DENY");
  }
  const shop = await request.get("/demo-shop/");
  expect(shop.status()).toBe(200);
  expect(shop.headers()["content-security-policy"]).toBeUndefined();
});

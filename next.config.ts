import type { NextConfig } from "next";
import { securityHeaders } from "./lib/security-headers";

const nextConfig: NextConfig = {
  // Native/wasm database drivers and playwright-core load their own files at run time: keep them out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "@neondatabase/serverless", "ws", "playwright-core"],
  // Migrations are read from disk at run time (lib/db/client.ts); ship them with every function.
  outputFileTracingIncludes: { "/**": ["./drizzle/**/*"] },
  typedRoutes: false,
  // The production build checks what it ships; `npm run typecheck` (run by CI) checks tests too.
  typescript: { tsconfigPath: "tsconfig.next.json" },
  // Every page and API response except the demo shop, which stands in for a customer's site.
  async headers() {
    return [{ source: "/((?!demo-shop).*)", headers: securityHeaders(process.env.NODE_ENV !== "production") }];
  },
};

export default nextConfig;

import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native/wasm database drivers and playwright-core load their own files at run time: keep them out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "@neondatabase/serverless", "ws", "playwright-core"],
  // Migrations are read from disk at run time (lib/db/client.ts); ship them with every function.
  outputFileTracingIncludes: { "/**": ["./drizzle/**/*"] },
  typedRoutes: false,
  // The production build checks what it ships; `npm run typecheck` (run by CI) checks tests too.
  typescript: { tsconfigPath: "tsconfig.next.json" },
};

export default nextConfig;

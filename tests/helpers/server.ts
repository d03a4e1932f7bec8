/// <reference types="vite/client" />
// The real route handlers of app/api behind a real HTTP server, for tests. Routes are discovered
// from the file system exactly as Next lays them out (tests/helpers/router.ts), so a new route file
// is under test the moment it exists.
import { setDb, type DbHandle } from "@/lib/db";
import { createRouter, serveOnLoopback, type RouteModule } from "./router";

export const dispatch = createRouter(import.meta.glob<RouteModule>("/app/api/**/route.ts"));

export type TestServer = { url: string; close(): Promise<void> };

/** Serves app/api on 127.0.0.1 with `db` as the process database. */
export async function startTestServer(db: DbHandle): Promise<TestServer> {
  setDb(db);
  const server = await serveOnLoopback(dispatch);
  return {
    url: server.url,
    close: async () => {
      await server.close();
      setDb(undefined);
    },
  };
}

// Runs an API suite once per test database kind (PGlite always, PostgreSQL with TEST_DATABASE_URL),
// each against its own fresh database behind the real route handlers.
import { afterAll, beforeAll, describe } from "vitest";
import { createTestDb, testDbKinds, type TestDb, type TestDbKind } from "../helpers/databases";
import { startTestServer, type TestServer } from "../helpers/server";
import { ApiClient } from "../helpers/client";

export type ApiEnv = { api: ApiClient; db: TestDb; kind: TestDbKind };

export function describeApi(name: string, body: (env: () => ApiEnv) => void) {
  for (const kind of testDbKinds()) {
    describe(`${name} [${kind}]`, () => {
      let db: TestDb;
      let server: TestServer;
      let env: ApiEnv;
      beforeAll(async () => {
        db = await createTestDb(kind);
        server = await startTestServer(db);
        env = { api: new ApiClient(server.url), db, kind };
      });
      afterAll(async () => {
        await server?.close();
        await db?.close();
      });
      body(() => env);
    });
  }
}

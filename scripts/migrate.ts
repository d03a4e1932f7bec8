// npm run db:migrate — apply drizzle/ migrations to DATABASE_URL, or to the embedded database.
import { dbOptionsFromEnv, openDb } from "@/lib/db";

const handle = await openDb(dbOptionsFromEnv());
try {
  await handle.migrate();
  console.log(`Migrations applied (${handle.driver}).`);
} finally {
  await handle.close();
}

// Hot reads as prepared statements: built once per database handle (or transaction), so drizzle does
// not rebuild their SQL on every request and PostgreSQL does not re-plan them (README "Performance").
import type { Executor } from "./client";

/** `build` run once per handle; later calls with the same handle get the same prepared query. */
export function preparedPerHandle<Q>(build: (db: Executor) => Q): (db: Executor) => Q {
  const byHandle = new WeakMap<Executor, Q>();
  return (db) => {
    let query = byHandle.get(db);
    if (!query) {
      query = build(db);
      byHandle.set(db, query);
    }
    return query;
  };
}

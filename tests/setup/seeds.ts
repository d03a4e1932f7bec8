// The seeds of the randomized tests, as vitest.config.ts resolved them for this run (fixed by
// default; FC_SEED / SIM_SEED replay another, "random" draws one). The config hands the numbers to
// every worker, so a drawn seed is the same in every file of the run.
export function seedFromEnv(name: "FC_SEED" | "SIM_SEED"): number {
  const n = Number(process.env[name]);
  if (!process.env[name] || !Number.isSafeInteger(n)) {
    throw new Error(`${name}=${JSON.stringify(process.env[name])}: run the tests through vitest.config.ts, which sets it`);
  }
  return n;
}

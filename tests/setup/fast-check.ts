// Vitest setup file (vitest.config.ts `setupFiles`): every fast-check property of the run draws
// from the run's FC_SEED (fixed unless set; see vitest.config.ts), and a failing property says how
// to replay it.
import fc from "fast-check";
import { seedFromEnv } from "./seeds";

const seed = seedFromEnv("FC_SEED");

fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  seed,
  // The default report (counterexample, seed, path, shrinks) plus the command that replays the
  // whole run of properties; the property's own assertion stays attached as the cause.
  reporter(out) {
    if (!out.failed) return;
    const replay =
      `Replay: FC_SEED=${out.seed} npx vitest run <this test file>. ` +
      `Only this case: fc.assert(…, { seed: ${out.seed}, path: "${out.counterexamplePath}", endOnFailure: true }).`;
    throw new Error(`${fc.defaultReportMessage(out)}\n\n${replay}`, { cause: out.errorInstance });
  },
});

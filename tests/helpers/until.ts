// Waiting for a condition that timers and other processes bring about (a worker loop, a child
// process): polled, never timed, with a bound that only catches a hang.
export async function until(cond: () => Promise<boolean>, what = "condition", boundMs = 30_000): Promise<void> {
  const step = 20;
  for (let waited = 0; waited < boundMs; waited += step) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, step));
  }
  throw new Error(`${what}: not reached within ${boundMs / 1000} s`);
}

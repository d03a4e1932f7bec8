// The scripts' start: the validated configuration, or the ConfigError's message (naming the variable)
// and exit 1, without a stack trace.
import { ConfigError, env, type Env } from "@/lib/env";

export function configOrExit(): Env {
  try {
    return env();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

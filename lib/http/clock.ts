// The HTTP edge is the one place that reads the wall clock; everything in the domain takes `now`
// as a parameter. Tests replace it to drive virtual time through the real handlers.
let override: (() => Date) | null = null;

export function requestNow(): Date {
  return override ? override() : new Date();
}

export function setRequestClock(fn: (() => Date) | null) {
  override = fn;
}

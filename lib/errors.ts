// One error type for the whole domain; lib/http maps it to a response. Domain code throws these and
// knows nothing of HTTP beyond the status each code implies.
export type ErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "validation_error"
  | "duplicate_item"
  | "conflict"
  | "digest_disabled"
  | "no_runs"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable"
  | "internal_error";

export type Issue = { path: (string | number)[]; message: string };

const STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  validation_error: 400,
  duplicate_item: 400,
  digest_disabled: 400,
  no_runs: 400,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
    /** rate_limited, unavailable: seconds until the caller may try again (Retry-After, and the envelope's retry_after_seconds). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what = "Resource") => new AppError("not_found", `${what} not found`);

export function invalid(path: (string | number)[], message: string): AppError {
  return new AppError("validation_error", message, [{ path, message }]);
}

/** Seconds a caller is asked to wait when the database cannot be reached (a restart takes a few). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export const unavailable = () =>
  new AppError("unavailable", "The database is unavailable; try again shortly", undefined, UNAVAILABLE_RETRY_AFTER_SECONDS);

import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/respond";

// Any /api path no route serves: the JSON error envelope, not the HTML page Next would answer with.
function unknownEndpoint(req: Request): Response {
  const { pathname } = new URL(req.url);
  return errorResponse(new AppError("not_found", `No endpoint ${req.method} ${pathname}`));
}

export const GET = unknownEndpoint;
export const POST = unknownEndpoint;
export const PUT = unknownEndpoint;
export const PATCH = unknownEndpoint;
export const DELETE = unknownEndpoint;

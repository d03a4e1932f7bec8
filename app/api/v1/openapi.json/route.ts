import { withPublic } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { buildOpenApiDocument } from "@/lib/openapi/document";

let cached: unknown;

// GET /api/v1/openapi.json – the OpenAPI 3.1 document (no auth)
export const GET = withPublic(async () => json((cached ??= buildOpenApiDocument())));

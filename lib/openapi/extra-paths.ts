// Paths whose behaviour lives in later modules (tick engine, digest) register here.
import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";

export type ExtraCtx = {
  sid: z.ZodObject;
  listOf: (item: z.ZodType, id: string) => z.ZodType;
  ListParams: z.ZodObject;
};

export function extraPaths(_registry: OpenAPIRegistry, _ctx: ExtraCtx) {}

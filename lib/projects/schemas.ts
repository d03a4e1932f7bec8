import { z } from "zod";
import { Name, Timestamp, Uuid } from "@/lib/validation";

const BaseUrl = z
  .url({ protocol: /^https?$/, message: "Must be an http(s) URL" })
  .max(2000)
  .meta({ example: "https://shop.example.com" });

export const CreateProject = z.strictObject({ name: Name, base_url: BaseUrl }).meta({ id: "CreateProject" });
export type CreateProject = z.output<typeof CreateProject>;

export const UpdateProject = z
  .strictObject({ name: Name.optional(), base_url: BaseUrl.optional() })
  .meta({ id: "UpdateProject" });
export type UpdateProject = z.output<typeof UpdateProject>;

export const Project = z
  .object({ id: Uuid, name: z.string(), base_url: z.string(), created_at: Timestamp, updated_at: Timestamp })
  .meta({ id: "Project" });

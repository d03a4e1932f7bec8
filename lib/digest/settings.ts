// The digest's settings from the configuration: sender, links' origin, and the transport
// (Resend when RESEND_API_KEY is set, else the outbox only).
import { publicUrl, type Env } from "@/lib/env";
import type { DigestSettings } from "./deliver";
import { transportFromConfig } from "./transport";

export function digestSettings(config: Env): DigestSettings {
  return { appUrl: publicUrl(config), from: config.EMAIL_FROM, transport: transportFromConfig(config) };
}

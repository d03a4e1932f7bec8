import { createElement } from "react";
import { render, toPlainText } from "@react-email/render";
import type { DigestContent } from "./content";
import { digestSubject } from "./subject";
import { DigestEmail } from "./template";

export type RenderedDigest = { subject: string; html: string; text: string };

/** The digest as an email: its subject, the whole HTML document, and the plain-text alternative. */
export async function renderDigest(c: DigestContent): Promise<RenderedDigest> {
  const html = await render(createElement(DigestEmail, c));
  // Derived from the same HTML (react-email's selectors: links as "text url", preview text skipped),
  // so the two parts can never disagree and the template renders once.
  const text = toPlainText(html).replace(/\n{3,}/g, "\n\n").trim() + "\n";
  return { subject: digestSubject(c), html, text };
}

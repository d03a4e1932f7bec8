// Text helpers shared by whatever bounds strings it shows or stores.

/** Shortens `text` to at most `max` characters with "…", never between the halves of a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = /[\ud800-\udbff]/.test(text[max - 2] ?? "") ? max - 2 : max - 1;
  return `${text.slice(0, cut)}…`;
}

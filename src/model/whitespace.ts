/** Whitespace that collapsing changes: a run, any but a plain space, or a space at either end. */
const UNTIDY = /\s\s|[^\S ]|^ | $/;

/**
 * The text with each run of whitespace (line breaks, tabs, padding) made one space, trimmed. Most
 * bank text has single spaces between words only and is returned as it is: it is read on every
 * entry, and the replacement took a large part of a row's time.
 */
export function collapseWhitespace(text: string): string {
  return UNTIDY.test(text) ? text.replace(/\s+/g, " ").trim() : text;
}

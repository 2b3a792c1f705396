const SPACE = 32;

/** Texts joined by one space, runs of whitespace (line breaks, fixed-width padding) made one space. */
export function joinText(texts: readonly string[]): string | undefined {
  const joined = texts.length === 1 ? texts[0]! : texts.join(" ");
  const text = isSingleSpaced(joined) ? joined : joined.replace(/\s+/g, " ").trim();
  return text === "" ? undefined : text;
}

/**
 * Whether a text's only whitespace is single spaces between words, as in most cells: it is then
 * its own joined form, without the replacement that took a large part of a row's time.
 */
function isSingleSpaced(text: string): boolean {
  let afterSpace = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE) {
      if (afterSpace) return false;
      afterSpace = true;
    } else if (c < SPACE || isWideSpace(c)) return false;
    else afterSpace = false;
  }
  return !afterSpace || text === "";
}

/** The whitespace beyond ASCII that \s and trim() take (Unicode's Zs, the line and paragraph separators, the BOM). */
function isWideSpace(c: number): boolean {
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

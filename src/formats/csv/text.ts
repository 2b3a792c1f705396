import { collapseWhitespace } from "../../model/whitespace";

/** Texts joined by one space, runs of whitespace (line breaks, fixed-width padding) made one space. */
export function joinText(texts: readonly string[]): string | undefined {
  const text = collapseWhitespace(texts.length === 1 ? texts[0]! : texts.join(" "));
  return text === "" ? undefined : text;
}

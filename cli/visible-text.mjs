// @ts-check
// File names come from disks and SFTP servers the tool does not control; printed as they are, a
// right-to-left override (U+202E) reverses what follows it on the terminal (`\u202Ecod.exe` reads
// `exe.doc`) and a zero-width space hides. The service refuses such names; the tool says which.

const UNSEEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * The text with every control, invisible formatting and separator character written as its
 * code point (`<U+202E>`), as the service writes them in its refusals.
 * @param {string} text
 */
export function visibleText(text) {
  return text.replace(UNSEEN, (char) => `<U+${/** @type {number} */ (char.codePointAt(0)).toString(16).toUpperCase().padStart(4, "0")}>`);
}

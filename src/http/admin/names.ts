import { badRequest } from "../errors";
import { INBOX_PREFIX } from "../../store/layout";

/**
 * Sources and file names become R2 keys under inbox/ and are shown on the status page: refuse
 * anything that could climb out of its folder, hide from a listing (`..`, separators, dot-files)
 * or show as something else than it is (control and invisible formatting characters).
 */
export function sourceName(raw: string): string {
  const name = decode(raw, "source");
  refuseUnseen(name, "source");
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw badRequest(`source "${name}" must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  return name;
}

export function fileName(raw: string): string {
  const name = decode(raw, "file name");
  refuseUnseen(name, "file name");
  if (name.length === 0 || name.length > 255 || /[/\\]/.test(name) || name.startsWith(".")) {
    throw badRequest(`file name "${name}" must be 1-255 characters without "/", "\\" or a leading "."`);
  }
  return name;
}

/**
 * Characters a reader cannot see, by Unicode general category: controls (Cc: C0, DEL, C1),
 * invisible formatting (Cf: the bidirectional overrides and isolates U+202A-202E and
 * U+2066-2069, zero-width characters U+200B-200F, the BOM U+FEFF, the soft hyphen), and the
 * line and paragraph separators (Zl, Zp). A right-to-left override makes `\u202Ecod.exe` read
 * `exe.doc` wherever the name is shown, and a zero-width space makes two names look alike.
 */
const UNSEEN: [RegExp, string][] = [
  [/\p{Cc}/u, "a control character"],
  [/\p{Cf}/u, "an invisible formatting character (such as a bidirectional override or a zero-width space)"],
  [/[\p{Zl}\p{Zp}]/u, "a line or paragraph separator"],
];

function refuseUnseen(name: string, what: string): void {
  let position = 0;
  for (const char of name) {
    position++;
    const kind = UNSEEN.find(([pattern]) => pattern.test(char))?.[1];
    if (kind) {
      throw badRequest(`${what} "${visible(name)}" has ${codePoint(char)}, ${kind}, at character ${position}: rename it without control or invisible characters`);
    }
  }
}

/** The name with every unseen character written as its code point, so the message itself cannot mislead. */
export function visible(name: string): string {
  return [...name].map((char) => (UNSEEN.some(([pattern]) => pattern.test(char)) ? `<${codePoint(char)}>` : char)).join("");
}

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

function decode(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest(`the ${what} is not valid percent-encoding`);
  }
}

/** The inbox key a path's source and file name name, each checked as above. */
export function inboxKey(rawSource: string, rawName: string): string {
  return `${INBOX_PREFIX}${sourceName(rawSource)}/${fileName(rawName)}`;
}

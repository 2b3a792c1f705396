import { compactIdentifier, looksLikeIban } from "./iban";

/**
 * The id an own account is served under, from the account number a file or a profile writes.
 *
 * Formance's connector puts the id into `GET /accounts/{id}/balances` without percent-encoding
 * it, so the id must come through a URL as it is: `?` and `#` would end the path, `%` starts an
 * escape, `\` is read as `/` (WHATWG URL, Cloudflare's URL normalisation), `.`/`..` segments are
 * resolved and empty segments merged. The normal form, applied to every account id served:
 *
 * 1. An IBAN (ISO 13616) in its electronic form: upper-case, without blanks.
 * 2. Any other account number without its blanks, control and invisible formatting characters
 *    (banks print account numbers in groups: `1234 5678` is `12345678`).
 * 3. `?`, `#`, `%` and `\` written as `~3F`, `~23`, `~25`, `~5C`; a `/` that would start an
 *    empty path segment (leading, trailing, doubled) as `~2F`; the dots of a `.` or `..`
 *    segment as `~2E`. `/` elsewhere stays: `50010517/5319125489` (MT940 `BLZ/account`) is
 *    served as written, and the balances route reads everything up to its last `/balances`.
 *
 * Applying it twice changes nothing, so formats and the ingestion may both apply it.
 */
export function accountIdOf(text: string): string {
  if (looksLikeIban(text)) return compactIdentifier(text);
  const bare = text.replace(INVISIBLE, "").replace(URL_SPECIAL, (c) => ESCAPES[c]!);
  // A slash that would start an empty segment: at the start, after a slash, or at the end.
  const slashes = bare.replace(/^\/|(?<=\/)\/|\/$/g, "~2F");
  return slashes
    .split("/")
    .map((segment) => (/^\.{1,2}$/.test(segment) ? segment.replaceAll(".", "~2E") : segment))
    .join("/");
}

/**
 * Longest account id read from a file or a profile. No format allows more for an account
 * number (MT940 `:25:` is 35x, an IBAN 34, camt `Othr/Id` Max34Text); beyond it a file is
 * failed rather than served an id no bank wrote.
 */
export const MAX_ACCOUNT_ID_LENGTH = 128;

/** Why an account id cannot be served, or undefined when it can. */
export function accountIdProblem(id: string): string | undefined {
  // A string has no fewer UTF-16 units than characters: one this short is within bounds without counting them.
  if (id.length > 0 && id.length <= MAX_ACCOUNT_ID_LENGTH) return undefined;
  const length = [...id].length;
  if (length === 0) return "the account identification is empty";
  if (length > MAX_ACCOUNT_ID_LENGTH) {
    return `the account identification "${[...id].slice(0, 40).join("")}…" is ${length} characters; an account number has at most ${MAX_ACCOUNT_ID_LENGTH}`;
  }
  return undefined;
}

/** White space, C0/C1 controls and invisible formatting (bidirectional marks, zero-width characters). */
const INVISIBLE = /[\s\p{Cc}\p{Cf}]/gu;
const URL_SPECIAL = /[?#%\\]/g;
const ESCAPES: Record<string, string> = { "?": "~3F", "#": "~23", "%": "~25", "\\": "~5C" };

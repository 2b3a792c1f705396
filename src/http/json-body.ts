import { badRequest, HttpError } from "./errors";
import { DuplicateKeyError, JsonSyntaxError, parseStrictJson } from "./strict-json";

/**
 * A request's JSON body, read up to `maxBytes` (413 beyond, so a client cannot make the
 * Worker hold an unbounded body). A body that is not JSON, or names a key twice in an
 * object (which JSON.parse would read as its last value), is a 400 saying where and what to send.
 */
export async function readJsonBody(request: Request, maxBytes: number, expected: string): Promise<unknown> {
  const tooLarge = () => new HttpError(413, "Payload Too Large", `${expected} is at most ${maxBytes} bytes.`);
  // A stated length over the bound is refused before any of the body is read.
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  // Counted in bytes, as the bound says: 30,000 "€" are 30,000 characters but 90,000 bytes.
  const bytes = await request.arrayBuffer();
  if (bytes.byteLength > maxBytes) throw tooLarge();
  try {
    return parseStrictJson(new TextDecoder().decode(bytes));
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badRequest(`The body is ambiguous: ${error.message}; send ${expected} with each key once.`);
    if (error instanceof JsonSyntaxError) throw badRequest(`The body is not JSON: send ${expected} (${error.message}).`);
    throw error;
  }
}

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
  const bytes = await readUpTo(request, maxBytes);
  if (!bytes) throw tooLarge();
  try {
    return parseStrictJson(new TextDecoder().decode(bytes));
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badRequest(`The body is ambiguous: ${error.message}; send ${expected} with each key once.`);
    if (error instanceof JsonSyntaxError) throw badRequest(`The body is not JSON: send ${expected} (${error.message}).`);
    throw error;
  }
}

/**
 * The body's bytes, or undefined as soon as they pass `maxBytes`: a body without a stated length
 * (chunked) is read only as far as the bound, then the rest is cancelled, never held.
 * Counted in bytes, as the bound says: 30,000 "€" are 30,000 characters but 90,000 bytes.
 */
async function readUpTo(request: Request, maxBytes: number): Promise<Uint8Array | undefined> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

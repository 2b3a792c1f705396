import { badRequest, HttpError } from "./errors";

/**
 * A request's JSON body, read up to `maxBytes` (413 beyond, so a client cannot make the
 * Worker hold an unbounded body); a body that is not JSON is a 400 saying what to send.
 */
export async function readJsonBody(request: Request, maxBytes: number, expected: string): Promise<unknown> {
  const tooLarge = () => new HttpError(413, "Payload Too Large", `${expected} is at most ${maxBytes} bytes.`);
  // A stated length over the bound is refused before any of the body is read.
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  const text = await request.text();
  if (text.length > maxBytes) throw tooLarge();
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(`The body is not JSON: send ${expected}.`);
  }
}

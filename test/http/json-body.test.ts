import { describe, expect, it } from "vitest";
import { HttpError } from "../../src/http/errors";
import { readJsonBody } from "../../src/http/json-body";
import { ErrorSchema } from "../../src/model/contract";
import { envWith, payment } from "../payments/support";
import { call } from "../support/worker";

const LIMIT = 64 * 1024;
const CHUNK = 1024;

/** A body of `chunks` chunks of 1 KB sent without a Content-Length (chunked), counting the chunks the reader pulled. */
function streamedBody(chunks: number, text = " ") {
  let pulled = 0;
  const chunk = new TextEncoder().encode(text.repeat(CHUNK / text.length));
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled === chunks) return controller.close();
        pulled++;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulled: () => pulled };
}

const post = (body: ReadableStream<Uint8Array>) => new Request("https://connector.test/payouts", { method: "POST", body, duplex: "half" } as RequestInit);

describe("a JSON body without Content-Length", () => {
  it("over the limit is a 413 once the limit is passed, without reading the rest", async () => {
    const stream = streamedBody(16 * 1024);
    const request = post(stream.body);
    expect(request.headers.get("content-length")).toBeNull();
    const refused = await readJsonBody(request, LIMIT, "a PayoutRequest object").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(413);
    // 64 chunks fit the limit; the 65th passes it. A reader of the whole body would pull 16,384.
    expect(stream.pulled()).toBeLessThanOrEqual(LIMIT / CHUNK + 2);
  });

  it("within the limit is read whole, in bytes: 64 KB of spaces around a payment", async () => {
    const json = JSON.stringify(payment());
    const spaces = streamedBody(LIMIT / CHUNK - 1);
    const chunks = [new TextEncoder().encode(json)];
    const reader = spaces.body.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    const body = new ReadableStream<Uint8Array>({ start: (c) => (chunks.forEach((chunk) => c.enqueue(chunk)), c.close()) });
    expect(await readJsonBody(post(body), LIMIT, "a PayoutRequest object")).toEqual(payment());
  });

  it("over the limit on POST /payouts is a 413 with the contract's error body", async () => {
    const stream = streamedBody(16 * 1024);
    const response = await call("/payouts", { method: "POST", body: stream.body, duplex: "half", headers: { "content-type": "application/json" }, env: envWith() } as RequestInit);
    expect(response.status).toBe(413);
    expect(ErrorSchema.parse(await response.json()).Detail).toMatch(/at most 65536 bytes/);
    expect(stream.pulled()).toBeLessThan(16 * 1024);
  });
});

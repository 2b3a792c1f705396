import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the fake admin API saw it. */
export interface Received {
  method: string;
  path: string;
  authorization: string | undefined;
  contentLength: string | undefined;
  body: Buffer;
  /** When the request arrived (ms since the epoch): to measure the client's waits. */
  at: number;
}

/** What to answer; "reset" drops the connection without an answer. */
export type Reply = { status: number; headers?: Record<string, string>; json?: unknown } | "reset";

/** The parts of the admin API the CLI calls, on 127.0.0.1 and a random port. */
export interface FakeAdminApi {
  url: string;
  received: Received[];
  /** The PUTs that the fake accepted (answered 201). */
  accepted: () => Received[];
  close: () => Promise<void>;
}

/**
 * The default answers follow the Worker: 401 without the key, 411 without a Content-Length,
 * 201 with the inbox key for a PUT, an empty completed run for POST /admin/ingest, every
 * uploaded file as pending for GET /admin/files. `override` answers first when it returns a reply.
 */
export async function startFakeAdminApi(key: string, override: (request: Received) => Reply | undefined = () => undefined): Promise<FakeAdminApi> {
  const received: Received[] = [];
  const answered = new Map<Received, number>();
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: Received = {
      method: req.method ?? "",
      path: req.url ?? "",
      authorization: req.headers.authorization,
      contentLength: req.headers["content-length"],
      body: Buffer.concat(chunks),
      at,
    };
    received.push(request);
    const reply = override(request) ?? defaultReply(request, key, received);
    if (reply === "reset") return void req.socket.destroy();
    answered.set(request, reply.status);
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(JSON.stringify(reply.json ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    accepted: () => received.filter((r) => r.method === "PUT" && answered.get(r) === 201),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function defaultReply(request: Received, key: string, received: Received[]): Reply {
  if (request.authorization !== `Bearer ${key}`) return { status: 401, json: { Title: "Unauthorized", Detail: "The API key is not valid." } };
  const upload = /^\/admin\/files\/([^/]+)\/(.+)$/.exec(request.path);
  if (request.method === "PUT" && upload) {
    if (request.contentLength === undefined) return { status: 411, json: { Title: "Length Required", Detail: "Send the file with a Content-Length header." } };
    const inboxKey = `inbox/${decodeURIComponent(upload[1]!)}/${decodeURIComponent(upload[2]!)}`;
    return { status: 201, json: { key: inboxKey, size: request.body.length, state: "pending" } };
  }
  if (request.method === "POST" && request.path === "/admin/ingest") return { status: 200, json: { status: "completed", files: [], remaining: 0 } };
  if (request.method === "GET" && request.path === "/admin/files") {
    const keys = received.filter((r) => r.method === "PUT").map((r) => `inbox${decodeURIComponent(r.path.slice("/admin/files".length))}`);
    return { status: 200, json: [...new Set(keys)].map((k) => ({ key: k, state: "pending" })) };
  }
  return { status: 404, json: { Title: "Not Found", Detail: `No route ${request.path}.` } };
}

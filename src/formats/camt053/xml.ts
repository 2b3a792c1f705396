import { SaxesParser, type SaxesTagNS } from "saxes";
import { FileError } from "../../model/statement";
import type { XmlNode } from "./node";

/** Deeper than any camt message (about 15 levels): a file nested further is hostile, not a statement. */
const MAX_DEPTH = 64;
/** The longest run of input saxes may hold as one token (a text, attribute list, comment, CDATA section). */
const MAX_TOKEN = 1024 * 1024;
/** Input is fed in slices this long, so MAX_TOKEN is checked before saxes buffers much past it. */
const SLICE = 64 * 1024;

export type XmlEvent =
  | { type: "open"; path: readonly string[]; uri: string; line: number }
  | { type: "close"; path: readonly string[]; line: number }
  /** A captured element, complete with its subtree; no open/close events are given inside it. */
  | { type: "node"; node: XmlNode };

/**
 * Reads XML text chunks with saxes and yields element events, holding in memory only the
 * subtrees `capture` selects (by path of local names) plus one slice of input. DTDs are
 * refused, so no entity can expand and no external resource can be named; saxes itself
 * rejects undefined entities and malformed or truncated documents.
 */
export async function* readXml(
  chunks: AsyncIterable<string>,
  capture: (path: readonly string[]) => boolean,
): AsyncGenerator<XmlEvent> {
  const reader = new Reader(capture);
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i += SLICE) {
      yield* reader.write(chunk.slice(i, i + SLICE));
    }
  }
  yield* reader.write(null);
}

class Reader {
  private readonly parser = new SaxesParser({ xmlns: true });
  private readonly path: string[] = [];
  /** Captured elements still open, innermost last; empty outside a captured subtree. */
  private readonly open: XmlNode[] = [];
  private events: XmlEvent[] = [];
  private startLine = 1;
  /** Input position of the last token saxes reported: what lies past it is buffered in saxes. */
  private lastToken = 0;

  constructor(private readonly capture: (path: readonly string[]) => boolean) {
    const p = this.parser;
    p.on("error", (error) => {
      throw new FileError(`the file is not well-formed XML: ${error.message.replace(/^\d+:\d+: /, "")}`, p.line);
    });
    p.on("doctype", () => {
      throw new FileError("DTDs are not allowed in statements (the file has a <!DOCTYPE>)", p.line);
    });
    p.on("opentagstart", () => (this.startLine = p.line));
    p.on("opentag", (tag) => this.onOpen(tag));
    p.on("closetag", () => this.onClose());
    p.on("text", (text) => this.onText(text));
    p.on("cdata", (text) => this.onText(text));
    for (const token of ["xmldecl", "comment", "processinginstruction"] as const) p.on(token, () => this.token());
  }

  /** Feeds one slice (null: the end) and returns the events it completed. */
  write(slice: string | null): XmlEvent[] {
    this.parser.write(slice);
    if (this.parser.position - this.lastToken > MAX_TOKEN) {
      throw new FileError(
        `the file has more than ${MAX_TOKEN} characters in a single XML text, tag or comment: not a bank statement`,
        this.parser.line,
      );
    }
    const events = this.events;
    this.events = [];
    return events;
  }

  private token(): void {
    this.lastToken = this.parser.position;
  }

  private onOpen(tag: SaxesTagNS): void {
    this.token();
    this.path.push(tag.local);
    if (this.path.length > MAX_DEPTH) {
      throw new FileError(`elements are nested more than ${MAX_DEPTH} levels deep: not a bank statement`, this.startLine);
    }
    const parent = this.open.at(-1);
    if (!parent && !this.capture(this.path)) {
      this.events.push({ type: "open", path: [...this.path], uri: tag.uri, line: this.startLine });
      return;
    }
    const node: XmlNode = { name: tag.local, attributes: attributesOf(tag), text: "", children: [], line: this.startLine };
    parent?.children.push(node);
    this.open.push(node);
  }

  private onClose(): void {
    this.token();
    const node = this.open.pop();
    if (node && this.open.length === 0) this.events.push({ type: "node", node });
    if (!node) this.events.push({ type: "close", path: [...this.path], line: this.parser.line });
    this.path.pop();
  }

  private onText(text: string): void {
    this.token();
    const node = this.open.at(-1);
    if (node) node.text += text;
  }
}

function attributesOf(tag: SaxesTagNS): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.prefix === "xmlns" || attribute.name === "xmlns") continue;
    attributes[attribute.local] = attribute.value;
  }
  return attributes;
}

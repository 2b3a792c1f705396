import { SaxesParser, type SaxesTagNS } from "saxes";
import { FileError } from "../../model/statement";
import type { Positioned } from "../format";
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
  | { type: "node"; node: XmlNode; end: XmlPosition };

/**
 * Just past an element's end tag: the characters read to there, its line, and the start tags of
 * the elements still open around it (namespace declarations included), which reading resumes with.
 */
export interface XmlPosition {
  chars: number;
  line: number;
  open: readonly string[];
}

/**
 * Reads XML text chunks with saxes and yields element events, holding in memory only the
 * subtrees `capture` selects (by path of local names) plus one slice of input. DTDs are
 * refused, so no entity can expand and no external resource can be named; saxes itself
 * rejects undefined entities and malformed or truncated documents.
 */
export async function* readXml(
  chunks: AsyncIterable<string>,
  capture: (path: readonly string[]) => boolean,
  resume?: XmlPosition,
): AsyncGenerator<XmlEvent[]> {
  const reader = new Reader(capture, resume);
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i += SLICE) {
      yield reader.write(chunk.slice(i, i + SLICE));
    }
  }
  yield reader.write(null);
}

/** The document's events as records: reading can resume past a captured element, from its end. */
export async function* xmlRecords(
  chunks: AsyncIterable<string>,
  capture: (path: readonly string[]) => boolean,
  resume?: XmlPosition,
): AsyncGenerator<Positioned<XmlEvent, XmlPosition>[]> {
  for await (const events of readXml(chunks, capture, resume)) {
    yield events.map((event) => ({ record: event, end: event.type === "node" ? event.end : undefined }));
  }
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
  /** Start tags of the elements open outside any captured one, outermost first (a new array on each change). */
  private openTags: readonly string[] = [];
  /** Characters and lines before the text: the start tags replayed to resume inside the document. */
  private readonly skipped: number = 0;
  private readonly lineOffset: number = 0;

  constructor(
    private readonly capture: (path: readonly string[]) => boolean,
    resume?: XmlPosition,
  ) {
    const p = this.parser;
    p.on("error", (error) => {
      throw new FileError(`the file is not well-formed XML: ${error.message.replace(/^\d+:\d+: /, "")}`, this.line);
    });
    p.on("doctype", () => {
      throw new FileError("DTDs are not allowed in statements (the file has a <!DOCTYPE>)", this.line);
    });
    p.on("opentagstart", () => (this.startLine = this.line));
    p.on("opentag", (tag) => this.onOpen(tag));
    p.on("closetag", () => this.onClose());
    p.on("text", (text) => this.onText(text));
    p.on("cdata", (text) => this.onText(text));
    for (const token of ["xmldecl", "comment", "processinginstruction"] as const) p.on(token, () => this.token());
    if (!resume) return;
    // The enclosing start tags again, on one line and without their events: the document's
    // text then goes on from just past the element where the last step stopped.
    const prefix = resume.open.join("");
    this.write(prefix);
    this.skipped = prefix.length;
    this.lineOffset = resume.line - 1;
  }

  /** The line in the file of what saxes reads now. */
  private get line(): number {
    return this.parser.line + this.lineOffset;
  }

  /** Feeds one slice (null: the end) and returns the events it completed. */
  write(slice: string | null): XmlEvent[] {
    this.parser.write(slice);
    if (this.parser.position - this.lastToken > MAX_TOKEN) {
      throw new FileError(
        `the file has more than ${MAX_TOKEN} characters in a single XML text, tag or comment: not a bank statement`,
        this.line,
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
      this.openTags = [...this.openTags, startTag(tag)];
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
    if (node && this.open.length === 0) {
      const end = { chars: this.parser.position - this.skipped, line: this.line, open: this.openTags };
      this.events.push({ type: "node", node, end });
    }
    if (!node) {
      this.events.push({ type: "close", path: [...this.path], line: this.line });
      this.openTags = this.openTags.slice(0, -1);
    }
    this.path.pop();
  }

  private onText(text: string): void {
    this.token();
    const node = this.open.at(-1);
    if (node) node.text += text;
  }
}

/** Most elements of a statement have no attributes: they share one empty record, an entry's subtree a few dozen objects fewer to collect. */
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

function attributesOf(tag: SaxesTagNS): Readonly<Record<string, string>> {
  let attributes: Record<string, string> | undefined;
  for (const name in tag.attributes) {
    const attribute = tag.attributes[name]!;
    if (attribute.prefix === "xmlns" || attribute.name === "xmlns") continue;
    (attributes ??= {})[attribute.local] = attribute.value;
  }
  return attributes ?? NO_ATTRIBUTES;
}


/** A start tag as the file wrote it (qualified name), with only its namespace declarations. */
function startTag(tag: SaxesTagNS): string {
  const declarations = Object.values(tag.attributes)
    .filter((a) => a.prefix === "xmlns" || a.name === "xmlns")
    .map((a) => ` ${a.name}="${a.value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;")}"`);
  return `<${tag.name}${declarations.join("")}>`;
}

import { FileError } from "../../model/statement";
import type { XmlNode } from "../camt053/node";
import type { Positioned, TextPoint } from "../format";
import type { Splitter } from "../reading";

/** Deeper than any OFX message (about 10 levels): a file nested further is not a statement. */
const MAX_DEPTH = 32;
/** The longest run of text or tag held at once; a leaf of OFX holds at most a few hundred characters. */
const MAX_TOKEN = 64 * 1024;
/** Elements in one captured aggregate (a transaction has about 20): beyond it, a file is hostile or broken. */
const MAX_NODE_ELEMENTS = 2000;

/**
 * What the splitter cuts from an OFX text, 1.x (SGML: a leaf element's end tag may be left
 * out) or 2.x (XML) alike:
 * - `header`: the header (1.x `KEY:VALUE` lines, 2.x `<?xml?>` and `<?OFX?>` attributes), at `<OFX>`;
 * - `open`, `close`: an aggregate outside the captured ones;
 * - `leaf`: an element with text outside the captured aggregates (CURDEF);
 * - `node`: a captured aggregate (STMTTRN, LEDGERBAL, ...), whole.
 */
export type OfxRecord =
  | { type: "header"; fields: Record<string, string>; line: number }
  | { type: "open"; path: readonly string[]; line: number }
  | { type: "close"; path: readonly string[]; line: number }
  | { type: "leaf"; path: readonly string[]; text: string; line: number }
  | { type: "node"; path: readonly string[]; node: XmlNode };

/** Just past a record: the aggregates still open around it, which reading resumes inside. */
export interface OfxPosition extends TextPoint {
  open: readonly string[];
}

/** A start tag whose kind is not known yet: text before the next tag makes it a leaf, a tag an aggregate. */
interface Pending {
  name: string;
  line: number;
  text: string;
}

/**
 * Cuts OFX text into records. Whether `<NAME>` opens a leaf or an aggregate is told by what
 * follows it: text (a leaf, whose end tag, if any, is read with it), or another tag (an
 * aggregate). A record ends where nothing is pending: past an end tag, or at the `<` that
 * completed a leaf or an aggregate's start, so reading resumes from there with the path of the
 * aggregates open around it.
 */
export class OfxSplitter implements Splitter<OfxRecord, OfxPosition> {
  private buffer = "";
  /** Characters and line of the buffer's start. */
  private chars = 0;
  private line: number;
  private readonly path: string[];
  /** Captured aggregates open, outermost first; empty outside one. */
  private readonly captured: XmlNode[] = [];
  private capturedElements = 0;
  private pending: Pending | undefined;
  /** Before `<OFX>`: the header is being read. */
  private prolog: boolean;
  private readonly fields: Record<string, string> = {};
  private rootClosed = false;

  constructor(
    private readonly capture: (path: readonly string[]) => boolean,
    resume?: { line: number; open: readonly string[] },
  ) {
    this.line = resume?.line ?? 1;
    this.path = [...(resume?.open ?? [])];
    this.prolog = !resume;
    this.rootClosed = !!resume && this.path.length === 0;
  }

  push(chunk: string, out: Positioned<OfxRecord, OfxPosition>[]): void {
    this.buffer += chunk;
    this.scan(out);
    if (this.buffer.length > MAX_TOKEN) {
      throw new FileError(`more than ${MAX_TOKEN} characters without a tag: not an OFX statement`, this.line);
    }
  }

  end(out: Positioned<OfxRecord, OfxPosition>[]): void {
    this.scan(out);
    const rest = this.buffer;
    if (rest.includes("<")) throw new FileError(`the file ends inside a tag: "${rest.trim().slice(0, 40)}"`, this.line);
    this.text(rest);
    this.advance(rest.length);
    if (this.prolog) throw new FileError("the file has no <OFX> element: it is not an OFX statement", this.line);
    if (this.pending) this.resolve(out, false);
    const open = this.captured.length ? this.captured.at(-1)!.name : this.path.at(-1);
    if (open) throw new FileError(`the file ends before <${open}> is closed (</${open}>): it is cut short`, this.line);
  }

  /** Here, or at `at` (the start of the tag being read), with the aggregates open now. */
  private point(at?: TextPoint): OfxPosition {
    return { chars: at?.chars ?? this.chars, line: at?.line ?? this.line, open: [...this.path] };
  }

  private advance(length: number): void {
    const consumed = this.buffer.slice(0, length);
    for (let i = consumed.indexOf("\n"); i >= 0; i = consumed.indexOf("\n", i + 1)) this.line++;
    this.chars += length;
    this.buffer = this.buffer.slice(length);
  }

  private scan(out: Positioned<OfxRecord, OfxPosition>[]): void {
    for (;;) {
      const lt = this.buffer.indexOf("<");
      if (lt < 0) {
        // Text up to the end of the buffer: kept whole in the buffer until a tag ends it.
        return;
      }
      if (lt > 0) {
        this.text(this.buffer.slice(0, lt));
        this.advance(lt);
      }
      const tag = this.tagLength();
      if (tag === undefined) return;
      const raw = this.buffer.slice(0, tag);
      const start: TextPoint = { chars: this.chars, line: this.line };
      const line = this.line;
      if (raw.startsWith("<!--") || raw.startsWith("<?")) {
        if (this.prolog && /^<\?OFX\s/i.test(raw)) Object.assign(this.fields, attributes(raw));
        const declared = this.prolog && /^<\?xml\s/i.test(raw) ? /encoding\s*=\s*["']([^"']*)/.exec(raw) : null;
        if (declared) this.fields["XMLENCODING"] = declared[1]!;
        this.advance(tag);
        continue;
      }
      if (raw.startsWith("<![CDATA[")) {
        this.text(raw.slice(9, -3), true);
        this.advance(tag);
        continue;
      }
      if (raw.startsWith("<!")) throw new FileError("DTDs and declarations are not allowed in statements", line);
      const m = /^<(\/?)([A-Za-z][\w.:-]*)\s*(\/?)>$/.exec(raw.replace(/\s+[^>]*?(\/?)>$/, "$1>"));
      if (!m) throw new FileError(`"${raw.slice(0, 40)}" is not an OFX tag`, line);
      const [, closing, name, empty] = m as unknown as [string, string, string, string];
      this.advance(tag);
      if (this.prolog) {
        if (closing || name !== "OFX") throw new FileError(`the file is not an OFX statement: found <${closing}${name}> before <OFX>`, line);
        this.prolog = false;
        this.path.push("OFX");
        out.push({ record: { type: "header", fields: { ...this.fields }, line }, end: this.point() });
        continue;
      }
      if (this.rootClosed) throw new FileError(`<${closing}${name}> after </OFX>: the file holds more than one OFX document`, line);
      if (closing) this.close(name, line, start, out);
      else {
        if (this.pending) this.resolve(out, true, start);
        this.pending = { name, line, text: "" };
        if (empty) this.close(name, line, start, out);
      }
    }
  }

  /** The length of the tag (or comment, processing instruction, CDATA) at the buffer's start; undefined while incomplete. */
  private tagLength(): number | undefined {
    const b = this.buffer;
    const closer = b.startsWith("<!--") ? "-->" : b.startsWith("<![CDATA[") ? "]]>" : b.startsWith("<?") ? "?>" : ">";
    const at = b.indexOf(closer, 1);
    if (at < 0) {
      if (b.length > MAX_TOKEN) throw new FileError(`a tag of more than ${MAX_TOKEN} characters: not an OFX statement`, this.line);
      return undefined;
    }
    return at + closer.length;
  }

  /** Text between two tags: a header's lines, a pending element's value, or blanks. */
  private text(text: string, cdata = false): void {
    if (this.prolog) {
      for (const row of text.split(/\r?\n|\r/)) {
        const m = /^\s*([A-Z]+)\s*:\s*(.*?)\s*$/.exec(row);
        if (m) this.fields[m[1]!] = m[2]!;
        else if (row.trim()) throw new FileError(`the file is not an OFX statement: "${row.trim().slice(0, 40)}" before <OFX>`, this.line);
      }
      return;
    }
    if (this.pending) {
      this.pending.text += cdata ? text : decodeEntities(text);
      // Text cut by comments or CDATA sections is still one value: bounded as one.
      if (this.pending.text.length > MAX_TOKEN) throw new FileError(`<${this.pending.name}> holds more than ${MAX_TOKEN} characters: not an OFX statement`, this.pending.line);
    }
    else if (text.trim()) {
      throw new FileError(`text "${text.trim().slice(0, 40)}" outside any element`, this.line);
    }
  }

  /** The pending element as a leaf (its text, or a start tag followed by its own end tag), or as an aggregate's start. */
  private resolve(out: Positioned<OfxRecord, OfxPosition>[], beforeTag: boolean, at?: TextPoint): void {
    const pending = this.pending!;
    this.pending = undefined;
    if (pending.text.trim() || !beforeTag) {
      this.leaf(pending, out, at);
      return;
    }
    const parent = this.captured.at(-1);
    const path = [...this.path, pending.name];
    if (parent || this.capture(path)) {
      const node: XmlNode = { name: pending.name, attributes: {}, text: "", children: [], line: pending.line };
      this.count(pending.line);
      parent?.children.push(node);
      this.captured.push(node);
      return;
    }
    if (path.length > MAX_DEPTH) throw new FileError(`elements are nested more than ${MAX_DEPTH} levels deep: not a bank statement`, pending.line);
    this.path.push(pending.name);
    out.push({ record: { type: "open", path, line: pending.line }, end: this.point(at) });
  }

  private leaf(pending: Pending, out: Positioned<OfxRecord, OfxPosition>[], at: TextPoint | undefined): void {
    const text = pending.text.trim();
    const parent = this.captured.at(-1);
    if (parent) {
      this.count(pending.line);
      parent.children.push({ name: pending.name, attributes: {}, text, children: [], line: pending.line });
      return;
    }
    out.push({ record: { type: "leaf", path: [...this.path, pending.name], text, line: pending.line }, end: this.point(at) });
  }

  private count(line: number): void {
    if (++this.capturedElements > MAX_NODE_ELEMENTS) {
      throw new FileError(`an aggregate of more than ${MAX_NODE_ELEMENTS} elements: not an OFX statement`, line);
    }
  }

  private close(name: string, line: number, start: TextPoint, out: Positioned<OfxRecord, OfxPosition>[]): void {
    const pending = this.pending;
    if (pending) {
      this.pending = undefined;
      // <NAME>text</NAME>, or <NAME></NAME>: a leaf with its end tag. Else a 1.x leaf left open before its parent's end.
      if (pending.name === name) {
        this.leaf(pending, out, undefined);
        return;
      }
      this.leaf(pending, out, start);
    }
    const inCaptured = this.captured.findLastIndex((node) => node.name === name);
    if (inCaptured >= 0) {
      const node = this.captured[0]!;
      // An element left open inside (1.x's `<MEMO>` with no text before the next tag) was an empty
      // leaf, not an aggregate: what was read as its content is its parent's.
      for (let i = this.captured.length - 1; i > inCaptured; i--) {
        const unclosed = this.captured[i]!;
        this.captured[i - 1]!.children.push(...unclosed.children.splice(0));
      }
      this.captured.length = inCaptured;
      if (inCaptured === 0) {
        this.capturedElements = 0;
        out.push({ record: { type: "node", path: [...this.path, node.name], node }, end: this.point() });
      }
      return;
    }
    if (this.captured.length) {
      throw new FileError(`</${name}> closes no open element (<${this.captured.at(-1)!.name}> is open)`, line);
    }
    const depth = this.path.lastIndexOf(name);
    if (depth < 0) {
      throw new FileError(`</${name}> closes no open element${this.path.length ? ` (<${this.path.at(-1)}> is open)` : ""}`, line);
    }
    if (depth !== this.path.length - 1) {
      throw new FileError(`</${name}> comes before </${this.path.at(-1)}>: the elements are not nested`, line);
    }
    const path = [...this.path];
    this.path.pop();
    if (this.path.length === 0) this.rootClosed = true;
    out.push({ record: { type: "close", path, line }, end: this.point() });
  }
}

/** The attributes of an `<?OFX ...?>` processing instruction. */
function attributes(instruction: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of instruction.matchAll(/([A-Za-z]+)\s*=\s*"([^"]*)"/g)) found[m[1]!.toUpperCase()] = m[2]!;
  return found;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00A0" };

/** SGML and XML character references; an `&` that starts none (1.x files write `AT&T`) is kept as written. */
function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9A-Fa-f]{1,6}|#\d{1,7}|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

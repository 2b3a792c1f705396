import { FileError } from "../../model/statement";

/** Deeper than any camt message (about 15 levels): a file nested further is hostile, not a statement. */
export const MAX_DEPTH = 64;
/** The longest run of input held as one token (a text, a tag, a comment, a CDATA section). */
export const MAX_TOKEN = 1024 * 1024;

const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";

/** A namespace declaration as the start tag wrote it: its attribute name and value. */
export type Declaration = readonly [name: string, value: string];

/** What the scanner hands on: the elements, by qualified and local name, and the character data inside the root. */
export interface MarkupSink {
  /** `declarations`: the tag's namespace declarations, undefined when it makes none. */
  open(
    name: string,
    local: string,
    uri: string,
    attributes: Readonly<Record<string, string>>,
    declarations: readonly Declaration[] | undefined,
    line: number,
  ): void;
  /** `line`: that of the end tag's `>`; `end`: the document's characters read to just past it. */
  close(line: number, end: number): void;
  text(text: string): void;
}

/** Where a scan resumes inside a document: the start tags of the elements open there, and the line it goes on at. */
export interface Replay {
  tags: string;
  line: number;
}

/**
 * Namespace prefixes in scope, by prefix ("" the default namespace): an element that declares some
 * has its own record whose prototype is the scope around it (at most 64 deep), rooted in one
 * without Object.prototype, so no prefix reads an inherited property.
 */
type Bindings = Record<string, string>;

const PREDEFINED: Bindings = Object.assign(Object.create(null) as Bindings, { xml: XML_NAMESPACE, xmlns: XMLNS_NAMESPACE });
const ENTITIES = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
]);
/** Most elements of a statement have no attributes: they share one empty record, an entry's subtree a few dozen objects fewer to collect. */
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const BANG = 33;
const AMPERSAND = 38;
const SQUOTE = 39;
const SLASH = 47;
const LT = 60;
const EQUALS = 61;
const GT = 62;
const QUESTION = 63;

/** An element's name as its start tag writes it, split at its colon once for all the elements that have it. */
interface TagName {
  readonly name: string;
  /** "" without a colon; undefined when the name is not a qualified name (a colon first or last, or two). */
  readonly prefix: string | undefined;
  readonly local: string;
}

/** How many element and attribute names the scanner keeps to hand out again (a power of two). */
const NAME_TABLE = 512;
/** The longest run of whitespace the scanner keeps to hand out again, and how many it keeps (a power of two). */
const SPACE_RUN = 63;
const SPACE_TABLE = 256;

/** ASCII name characters (XML 1.0, 5th edition): 1 may start a name, 2 only continue one. */
const NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[:A-Z_a-z]/.test(ch)) NAME[c] = 1;
  else if (/[-.0-9]/.test(ch)) NAME[c] = 2;
}
const NAME_START = /^[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]$/u;
const NAME_CHAR = /^[-.0-9\u00B7\u0300-\u036F\u203F\u2040:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]$/u;

/** Characters XML 1.0 does not allow anywhere, and surrogates, which are checked in pairs. */
const SUSPECT = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/g;
const DECLARATION =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*("1\.[0-9]+"|'1\.[0-9]+')([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*("[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*("(yes|no)"|'(yes|no)'))?[ \t\r\n]*\?>$/;

const isSpace = (c: number) => c === SPACE || c === LF || c === CR || c === TAB;

/**
 * A streaming XML 1.0 reader with namespaces, for statements: it takes text in slices and hands
 * each element and text to a sink, holding only the token it has not finished. Safe on hostile
 * input: a DTD is refused (so no entity can expand and no external resource can be named), only
 * the predefined entities and character references are decoded, nesting and tokens are bounded,
 * and whatever is not well-formed is refused with its line.
 */
export class XmlScanner {
  private buf = "";
  private pos = 0;
  /** The document's characters before buf[0]. */
  private base = 0;
  private line: number;
  /** The next line break in buf at or past the lines counted (an LF, or a CR alone); -1: none in buf. */
  private nextBreak = -1;
  private crs = false;
  /**
   * The next "&", "]]>" and CR in buf at or past the text read (buf's length: none), -1 when not
   * looked for since the last slice came: a text before all three is handed on as it stands, and
   * each is looked for again only once passed, not in every text.
   */
  private nextAmpersand = -1;
  private nextCdataEnd = -1;
  private nextCr = -1;
  /** A CR or a high surrogate at the end of a slice waits for the next one, which tells what it is. */
  private carried = "";
  /** Slices not read yet: they wait while they are shorter than the incomplete token before them. */
  private waiting = "";
  private final = false;
  /** The qualified names of the open elements, outermost first. */
  private readonly names: string[] = [];
  /**
   * The bindings in scope outside each open element that declares namespaces, and how deep it is
   * (the open elements with it): most elements declare none, and change no scope.
   */
  private readonly scopes: Bindings[] = [];
  private readonly scopeDepths: number[] = [];
  private bindings = PREDEFINED;
  /** The default namespace in scope, bindings[""], looked up once per scope rather than once per element. */
  private defaultNamespace: string | undefined = undefined;
  private sawRoot = false;
  /** Runs of whitespace read lately, by length and first character, and their text (spaceAt). */
  private readonly spaceRuns: (string | undefined)[] = new Array<string | undefined>(SPACE_TABLE).fill(undefined);
  private readonly spaceTexts: (string | undefined)[] = new Array<string | undefined>(SPACE_TABLE).fill(undefined);
  /** Element and attribute names read lately, by a hash of their characters (nameAt). */
  private readonly knownNames: (TagName | undefined)[] = new Array<TagName | undefined>(NAME_TABLE).fill(undefined);
  /** Where an XML declaration may stand: the document's start (past a BOM); -1 when resuming. */
  private declarationAt = 0;

  constructor(
    private readonly sink: MarkupSink,
    replay?: Replay,
  ) {
    this.line = replay?.line ?? 1;
    if (!replay) return;
    // The start tags again, on one line: the text after them goes on at the line and position where the replay stands.
    this.declarationAt = -1;
    this.base = -replay.tags.length;
    this.append(replay.tags);
    this.scan();
  }

  /** Takes the next slice of the document and hands on what it completes. */
  write(slice: string): void {
    let data = this.carried + slice;
    this.carried = "";
    const last = data.charCodeAt(data.length - 1);
    if (last === CR || (last >= 0xd800 && last <= 0xdbff)) {
      this.carried = data.slice(-1);
      data = data.slice(0, -1);
    }
    this.waiting += data;
    // A token left incomplete is read again from its start only once as much again has come:
    // however small the slices, a long token then costs a few times its length, not its length per slice.
    const incomplete = this.buf.length - this.pos;
    if (this.waiting.length < incomplete && incomplete + this.waiting.length <= MAX_TOKEN) return;
    this.append(this.waiting);
    this.waiting = "";
    this.scan();
    this.checkLength(this.pos, this.buf.length);
  }

  /** Refuses a token longer than MAX_TOKEN, complete or not. */
  private checkLength(from: number, to: number): void {
    if (to - from <= MAX_TOKEN) return;
    throw new FileError(
      `the file has more than ${MAX_TOKEN} characters in a single XML text, tag or comment: not a bank statement`,
      this.lineAt(to),
    );
  }

  /** The end of the document: refuses it if cut short. */
  end(): void {
    const data = this.waiting + this.carried;
    this.waiting = this.carried = "";
    this.final = true;
    this.append(data);
    this.scan();
    if (!this.sawRoot || this.names.length > 0) throw this.endError();
  }

  private append(data: string): void {
    this.lineAt(this.pos);
    const start = this.buf.length - this.pos;
    // Joined, not added: "+" makes a rope, whose every character read then goes through it (a
    // tenth of the scan); a join copies the two into one flat string, as its first search did.
    this.buf = [this.buf.slice(this.pos), data].join("");
    this.base += this.pos;
    if (this.nextBreak >= 0) this.nextBreak -= this.pos;
    this.pos = 0;
    if (!this.crs && data.includes("\r")) this.crs = true;
    if (this.nextBreak < 0) this.nextBreak = this.breakFrom(start);
    this.nextAmpersand = this.nextCdataEnd = this.nextCr = -1;
    this.checkCharacters(data, start);
    if (this.base === 0 && start === 0 && this.declarationAt === 0 && this.buf.charCodeAt(0) === 0xfeff) {
      this.pos = this.declarationAt = 1;
    }
  }

  /** Refuses characters XML does not allow (controls, U+FFFE, U+FFFF, a surrogate not in a pair); `data` stands at `offset` in buf. */
  private checkCharacters(data: string, offset: number): void {
    SUSPECT.lastIndex = 0;
    for (let m = SUSPECT.exec(data); m; m = SUSPECT.exec(data)) {
      const at = m.index;
      const c = data.charCodeAt(at);
      const next = data.charCodeAt(at + 1);
      if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        SUSPECT.lastIndex = at + 2;
        continue;
      }
      this.fail("disallowed character.", offset + at);
    }
  }

  /** The line of buf[p]; lines are counted forward only. */
  private lineAt(p: number): number {
    while (this.nextBreak >= 0 && this.nextBreak < p) {
      this.line++;
      this.nextBreak = this.breakFrom(this.nextBreak + 1);
    }
    return this.line;
  }

  /** The first line break at or past `from`: an LF, or a CR not followed by one (a CR LF ends its line at the LF). */
  private breakFrom(from: number): number {
    const buf = this.buf;
    const lf = buf.indexOf("\n", from);
    if (!this.crs) return lf;
    const cr = buf.indexOf("\r", from);
    if (cr < 0 || (lf >= 0 && lf < cr) || cr + 1 === lf) return lf;
    return cr;
  }

  private fail(message: string, at: number): never {
    return this.refuse(message, this.lineAt(at));
  }

  private refuse(message: string, line: number): never {
    throw new FileError(`the file is not well-formed XML: ${message}`, line);
  }

  private endError(): FileError {
    const line = this.lineAt(this.buf.length);
    const what = !this.sawRoot ? "document must contain a root element." : this.names.length > 0 ? `unclosed tag: ${this.names.at(-1)}` : "unexpected end.";
    return new FileError(`the file is not well-formed XML: ${what}`, line);
  }

  /** -1: the token goes on past what was read, so it waits for the next slice; at the end, the document is cut short. */
  private more(): number {
    if (this.final) throw this.endError();
    return -1;
  }

  private scan(): void {
    const buf = this.buf;
    const length = buf.length;
    let pos = this.pos;
    while (pos < length) {
      // Most elements follow one another without text: their "<" is not looked for.
      const lt = buf.charCodeAt(pos) === LT ? pos : buf.indexOf("<", pos);
      if (lt < 0) {
        if (this.final) {
          this.text(pos, length);
          pos = length;
        }
        break;
      }
      if (lt > pos) this.text(pos, lt);
      pos = lt;
      const next = this.markup(lt);
      if (next < 0) break;
      this.checkLength(lt, next);
      pos = next;
    }
    this.pos = pos;
  }

  /** The markup at `lt` (a "<"): the position past it, or -1 when it is not complete yet. */
  private markup(lt: number): number {
    const c = this.buf.charCodeAt(lt + 1);
    if (c === SLASH) return this.endTag(lt);
    if (c === BANG) return this.bang(lt);
    if (c === QUESTION) return this.instruction(lt);
    if (lt + 1 >= this.buf.length) return this.more();
    return this.startTag(lt);
  }

  private text(from: number, to: number): void {
    const buf = this.buf;
    this.checkLength(from, to);
    if (this.names.length === 0) {
      for (let i = from; i < to; i++) if (!isSpace(buf.charCodeAt(i))) this.fail("text data outside of root node.", to);
      return;
    }
    const space = isSpace(buf.charCodeAt(from)) ? this.spaceAt(from, to) : undefined;
    if (space !== undefined) return this.sink.text(space);
    if (this.isPlain(from, to)) return this.sink.text(buf.slice(from, to));
    const raw = buf.slice(from, to);
    if (raw.includes("]]>")) this.fail('the string "]]>" is disallowed in char data.', from + raw.indexOf("]]>"));
    this.sink.text(this.decoded(raw, from, this.crs ? normalLines : same));
  }

  /** Whether buf from `from` to `to` holds no reference, no "]]>" and no CR: a text to hand on as it stands. */
  private isPlain(from: number, to: number): boolean {
    const buf = this.buf;
    if (this.nextAmpersand < from) this.nextAmpersand = indexOrEnd(buf, "&", from);
    if (this.nextAmpersand < to) return false;
    if (this.nextCdataEnd < from) this.nextCdataEnd = indexOrEnd(buf, "]]>", from);
    if (this.nextCdataEnd < to) return false;
    if (!this.crs) return true;
    if (this.nextCr < from) this.nextCr = indexOrEnd(buf, "\r", from);
    return this.nextCr >= to;
  }

  /**
   * The text of the run of whitespace in buf from `from` to `to`, its line ends read as LF;
   * undefined when the run holds anything else or is longer than SPACE_RUN. A pretty-printed
   * statement repeats a few indentations between all its elements: each is copied once, not once
   * per element. The table is small and fixed, its runs short, so a hostile file gains nothing.
   */
  private spaceAt(from: number, to: number): string | undefined {
    const length = to - from;
    if (length > SPACE_RUN) return undefined;
    const buf = this.buf;
    const key = (length * 4 + (buf.charCodeAt(from) & 3)) & (SPACE_TABLE - 1);
    const known = this.spaceRuns[key];
    if (known !== undefined && known.length === length && buf.startsWith(known, from)) return this.spaceTexts[key];
    for (let i = from; i < to; i++) if (!isSpace(buf.charCodeAt(i))) return undefined;
    const raw = buf.slice(from, to);
    const text = normalLines(raw);
    this.spaceRuns[key] = raw;
    this.spaceTexts[key] = text;
    return text;
  }

  /** `raw` (read at `at`) with its references replaced, and `literal` applied to the text between them. */
  private decoded(raw: string, at: number, literal: (text: string) => string): string {
    let amp = raw.indexOf("&");
    if (amp < 0) return literal(raw);
    let out = "";
    let from = 0;
    for (; amp >= 0; amp = raw.indexOf("&", from)) {
      const semi = raw.indexOf(";", amp + 1);
      if (semi < 0) this.fail("disallowed character in entity name.", at + raw.length);
      out += literal(raw.slice(from, amp)) + this.reference(raw.slice(amp + 1, semi), at + semi);
      from = semi + 1;
    }
    return out + literal(raw.slice(from));
  }

  private reference(name: string, at: number): string {
    if (name === "") this.fail("empty entity name.", at);
    if (name.charCodeAt(0) !== 0x23) {
      const value = ENTITIES.get(name);
      if (value !== undefined) return value;
      this.fail(nameEnd(name, 0) === name.length ? "undefined entity." : "disallowed character in entity name.", at);
    }
    const code = /^#x[0-9a-fA-F]+$/.test(name) ? parseInt(name.slice(2), 16) : /^#[0-9]+$/.test(name) ? parseInt(name.slice(1), 10) : NaN;
    if (!isXmlChar(code)) this.fail("malformed character entity.", at);
    return String.fromCodePoint(code);
  }

  private startTag(lt: number): number {
    const buf = this.buf;
    const length = buf.length;
    const nameStart = lt + 1;
    const nameStop = nameEnd(buf, nameStart);
    if (nameStop === nameStart) this.fail("disallowed character in tag name", lt);
    if (nameStop >= length) return this.more();
    if (this.sawRoot && this.names.length === 0) this.fail("documents may contain only one root.", lt);
    let pairs: string[] | undefined;
    let i = nameStop;
    let selfClosing = false;
    for (;;) {
      const before = i;
      let c = buf.charCodeAt(i);
      while (isSpace(c)) c = buf.charCodeAt(++i);
      if (i >= length) return this.more();
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH) {
        if (i + 1 >= length) return this.more();
        if (buf.charCodeAt(i + 1) !== GT) this.fail("forward-slash in opening tag not followed by >.", i);
        selfClosing = true;
        i += 2;
        break;
      }
      if (i === before) this.fail(before === nameStop ? "disallowed character in tag name." : "no whitespace between attributes.", i);
      const attributeEnd = nameEnd(buf, i);
      if (attributeEnd === i) this.fail("disallowed character in attribute name.", i);
      const name = this.nameAt(i, attributeEnd).name;
      c = buf.charCodeAt((i = attributeEnd));
      while (isSpace(c)) c = buf.charCodeAt(++i);
      if (i >= length) return this.more();
      if (c !== EQUALS) this.fail("attribute without value.", i);
      c = buf.charCodeAt(++i);
      while (isSpace(c)) c = buf.charCodeAt(++i);
      if (i >= length) return this.more();
      if (c !== DQUOTE && c !== SQUOTE) this.fail("unquoted attribute value.", i);
      const close = buf.indexOf(c === DQUOTE ? '"' : "'", i + 1);
      if (close < 0) return this.more();
      const value = isPlainValue(buf, i + 1, close) ? buf.slice(i + 1, close) : this.value(i + 1, close);
      // A literal, not a push: pushing onto an empty array allocates room for sixteen, and most tags have one attribute.
      if (pairs) pairs.push(name, value);
      else pairs = [name, value];
      i = close + 1;
    }
    this.sawRoot = true;
    // An element's line is that of its name's end, the character after the name read: a name
    // followed by a line break is on the next line (as saxes counted, which earlier readings used).
    const nameLine = this.lineAt(nameStop + (buf.charCodeAt(nameStop) === CR ? 2 : 1));
    this.open(this.nameAt(nameStart, nameStop), pairs, nameLine);
    if (selfClosing) this.close(i - 1);
    return i;
  }

  /** The attribute value in buf from `from` to `to` that is not plain: "<" refused, references replaced, line breaks and tabs read as spaces. */
  private value(from: number, to: number): string {
    const raw = this.buf.slice(from, to);
    if (raw.includes("<")) this.fail("disallowed character.", from + raw.indexOf("<"));
    return this.decoded(raw, from, spacedOut);
  }

  /**
   * The element or attribute name in buf from `from` to `to`: a statement repeats a few dozen
   * names, so a name read lately with the same length and first, middle and last characters is
   * handed out again when it is the same, instead of a new copy per element. Each such key has two
   * places, the newest name first, so two names of one key that alternate (Dt and Dbtr) both stay.
   * The table is small and fixed: a hostile name costs two comparisons, and a copy as before.
   */
  private nameAt(from: number, to: number): TagName {
    const buf = this.buf;
    const length = to - from;
    const key = ((buf.charCodeAt(from) * 31 + buf.charCodeAt(from + (length >> 1)) * 7 + buf.charCodeAt(to - 1) + length) << 1) & (NAME_TABLE - 1);
    const known = this.knownNames;
    const first = known[key];
    if (first !== undefined && first.name.length === length && buf.startsWith(first.name, from)) return first;
    const second = known[key + 1];
    if (second !== undefined && second.name.length === length && buf.startsWith(second.name, from)) return second;
    const name = tagName(buf.slice(from, to));
    known[key + 1] = first;
    known[key] = name;
    return name;
  }

  /** An element whose start tag is complete: its namespaces resolved and checked, its attributes by local name. */
  private open(tag: TagName, pairs: string[] | undefined, line: number): void {
    const declarations = pairs && this.declarations(pairs, line);
    let bindings = this.bindings;
    let defaultNamespace = this.defaultNamespace;
    if (declarations) {
      // The scope inherits from the one around it: a copy per element would cost what all the
      // declarations in scope hold, which a hostile file can make thousands on every element.
      bindings = Object.create(bindings) as Bindings;
      for (const [attribute, value] of declarations) bindings[attribute === "xmlns" ? "" : attribute.slice(6)] = value.trim();
      defaultNamespace = bindings[""];
    }
    const prefix = tag.prefix;
    if (prefix === undefined) this.refuse(`malformed name: ${tag.name}.`, line);
    if (prefix === "xmlns") this.refuse('tags may not have "xmlns" as prefix.', line);
    const uri = prefix === "" ? defaultNamespace : bindings[prefix];
    if (prefix !== "" && uri === undefined) this.refuse(`unbound namespace prefix: ${JSON.stringify(prefix)}.`, line);
    const attributes = pairs ? this.attributes(pairs, bindings, line) : NO_ATTRIBUTES;
    const names = this.names;
    if (names.length >= MAX_DEPTH) {
      throw new FileError(`elements are nested more than ${MAX_DEPTH} levels deep: not a bank statement`, line);
    }
    names.push(tag.name);
    if (declarations) {
      this.scopes.push(this.bindings);
      this.scopeDepths.push(names.length);
      this.bindings = bindings;
      this.defaultNamespace = defaultNamespace;
    }
    this.sink.open(tag.name, tag.local, uri ?? "", attributes, declarations, line);
  }

  /** The tag's namespace declarations, checked; undefined when it makes none. */
  private declarations(pairs: string[], line: number): Declaration[] | undefined {
    let declarations: Declaration[] | undefined;
    for (let k = 0; k < pairs.length; k += 2) {
      const attribute = pairs[k]!;
      const isDefault = attribute === "xmlns";
      if (!isDefault && !attribute.startsWith("xmlns:")) continue;
      if (!isDefault) this.prefixOf(attribute, 5, line);
      const prefix = isDefault ? "" : attribute.slice(6);
      const uri = pairs[k + 1]!.trim();
      if (!isDefault && uri === "") this.refuse("invalid attempt to undefine prefix in XML 1.0", line);
      this.checkBinding(prefix, uri, line);
      (declarations ??= []).push([attribute, pairs[k + 1]!]);
    }
    return declarations;
  }

  /** The attributes by local name, namespace declarations left out; an unbound prefix or the same attribute twice is refused. */
  private attributes(pairs: string[], bindings: Bindings, line: number): Readonly<Record<string, string>> {
    let attributes: Record<string, string> | undefined;
    const seen = pairs.length > 2 ? new Set<string>() : undefined;
    for (let k = 0; k < pairs.length; k += 2) {
      const attribute = pairs[k]!;
      const colon = attribute.indexOf(":");
      const prefix = colon < 0 ? "" : this.prefixOf(attribute, colon, line);
      const local = colon < 0 ? attribute : attribute.slice(colon + 1);
      let key = attribute;
      if (prefix !== "") {
        const uri = bindings[prefix];
        if (uri === undefined) this.refuse(`unbound namespace prefix: ${JSON.stringify(prefix)}.`, line);
        key = `{${uri}}${local}`;
      }
      if (seen?.has(key)) this.refuse(`duplicate attribute: ${key}.`, line);
      seen?.add(key);
      if (prefix !== "xmlns" && attribute !== "xmlns") (attributes ??= {})[local] = pairs[k + 1]!;
    }
    return attributes ?? NO_ATTRIBUTES;
  }

  /** The prefix of a name with a colon at `colon`; a name with an empty part or two colons is not a qualified name. */
  private prefixOf(name: string, colon: number, line: number): string {
    if (colon === 0 || colon === name.length - 1 || name.indexOf(":", colon + 1) >= 0) this.refuse(`malformed name: ${name}.`, line);
    return name.slice(0, colon);
  }

  /** The rules of Namespaces in XML 1.0 for the reserved prefixes and namespaces. */
  private checkBinding(prefix: string, uri: string, line: number): void {
    if (prefix === "xml" && uri !== XML_NAMESPACE) this.refuse(`xml prefix must be bound to ${XML_NAMESPACE}.`, line);
    if (prefix === "xmlns") this.refuse(`xmlns prefix must be bound to ${XMLNS_NAMESPACE}.`, line);
    if (uri === XMLNS_NAMESPACE) this.refuse(`may not assign a prefix (even "xmlns") to the URI ${XMLNS_NAMESPACE}.`, line);
    if (uri === XML_NAMESPACE && prefix !== "xml") this.refuse("may not assign the xml namespace to another prefix.", line);
  }

  /** Closes the innermost element at its end tag's `>`. */
  private close(gt: number): void {
    const names = this.names;
    const depths = this.scopeDepths;
    if (depths.length > 0 && depths[depths.length - 1] === names.length) {
      depths.pop();
      this.bindings = this.scopes.pop()!;
      this.defaultNamespace = this.bindings[""];
    }
    names.pop();
    this.sink.close(this.lineAt(gt), this.base + gt + 1);
  }

  private endTag(lt: number): number {
    const buf = this.buf;
    const nameStart = lt + 2;
    const names = this.names;
    const open = names[names.length - 1];
    // The usual end tag closes the element open: its name is compared where it stands, neither
    // read again character by character nor copied (a copy of every end tag's name was a tenth of
    // what a statement's reading allocated).
    const closesOpen = open !== undefined && this.isNameAt(open, nameStart);
    const nameStop = closesOpen ? nameStart + open.length : nameEnd(buf, nameStart);
    if (nameStop >= buf.length) return this.more();
    if (nameStop === nameStart) this.fail("disallowed character in closing tag.", nameStart);
    let i = nameStop;
    while (isSpace(buf.charCodeAt(i))) i++;
    if (i >= buf.length) return this.more();
    if (buf.charCodeAt(i) !== GT) this.fail("disallowed character in closing tag.", i);
    if (!closesOpen && (open === undefined || open.length !== nameStop - nameStart || !buf.startsWith(open, nameStart))) {
      const name = buf.slice(nameStart, nameStop);
      this.fail(names.includes(name) ? "unexpected close tag." : `unmatched closing tag: ${name}.`, i);
    }
    this.close(i);
    return i + 1;
  }

  /** Whether buf holds the name `name` at `at`, followed by a character that cannot go on with a name. */
  private isNameAt(name: string, at: number): boolean {
    const buf = this.buf;
    const stop = at + name.length;
    if (stop >= buf.length) return false;
    const c = buf.charCodeAt(stop);
    return c < 128 && NAME[c] === 0 && buf.startsWith(name, at);
  }

  /** A comment, a CDATA section or a DTD. */
  private bang(lt: number): number {
    const buf = this.buf;
    if (buf.length - lt < 4) return this.more();
    if (buf.startsWith("<!--", lt)) {
      const dashes = buf.indexOf("--", lt + 4);
      if (dashes < 0 || dashes + 2 >= buf.length) return this.more();
      if (buf.charCodeAt(dashes + 2) !== GT) this.fail("malformed comment.", dashes);
      return dashes + 3;
    }
    if (buf.length - lt < 9) return this.more();
    if (buf.startsWith("<![CDATA[", lt)) {
      if (this.names.length === 0) this.fail("text data outside of root node.", lt);
      const end = buf.indexOf("]]>", lt + 9);
      if (end < 0) return this.more();
      const text = buf.slice(lt + 9, end);
      this.sink.text(this.crs ? normalLines(text) : text);
      return end + 3;
    }
    if (buf.startsWith("<!DOCTYPE", lt)) return this.doctype(lt);
    return this.fail("incorrect syntax.", lt);
  }

  /** A DTD is refused where it ends (past its internal subset): it could declare entities that expand or name external resources. */
  private doctype(lt: number): number {
    if (this.sawRoot) this.fail("inappropriately located doctype declaration.", lt);
    const buf = this.buf;
    let subset = false;
    for (let i = lt + 9; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      let skipTo = i;
      if (c === DQUOTE || c === SQUOTE) skipTo = buf.indexOf(c === DQUOTE ? '"' : "'", i + 1);
      else if (subset && buf.startsWith("<!--", i)) skipTo = endOf(buf, "-->", i + 4);
      else if (subset && buf.startsWith("<?", i)) skipTo = endOf(buf, "?>", i + 2);
      else if (c === 0x5b) subset = true;
      else if (c === 0x5d) subset = false;
      else if (c === GT && !subset) throw new FileError("DTDs are not allowed in statements (the file has a <!DOCTYPE>)", this.lineAt(i));
      if (skipTo < 0) return this.more();
      i = skipTo;
    }
    return this.more();
  }

  /** A processing instruction, or the XML declaration, which only the document's start may hold. */
  private instruction(lt: number): number {
    const buf = this.buf;
    const targetStart = lt + 2;
    const targetEnd = nameEnd(buf, targetStart);
    if (targetEnd >= buf.length) return this.more();
    const c = buf.charCodeAt(targetEnd);
    if (targetEnd === targetStart) {
      this.fail(c === QUESTION || isSpace(c) ? "processing instruction without a target." : "disallowed character in processing instruction name.", lt);
    }
    if (c !== QUESTION && !isSpace(c)) this.fail("disallowed character in processing instruction name.", targetEnd);
    const target = buf.slice(targetStart, targetEnd);
    // With namespaces, a target is a name without a colon (Namespaces in XML 1.0, section 7).
    if (target.includes(":")) this.fail("disallowed character in processing instruction name.", targetStart);
    const end = buf.indexOf("?>", targetEnd);
    if (target.toLowerCase() === "xml") {
      if (target !== "xml" || this.base + lt !== this.declarationAt) this.fail("an XML declaration must be at the start of the document.", lt);
      if (end < 0) return this.more();
      if (!DECLARATION.test(buf.slice(lt, end + 2))) this.fail("the XML declaration is malformed.", lt);
    }
    return end < 0 ? this.more() : end + 2;
  }
}

/** The name split at its colon, its whole and its local part interned. */
function tagName(text: string): TagName {
  const name = interned(text);
  const colon = name.indexOf(":");
  if (colon < 0) return { name, prefix: "", local: name };
  const qualified = colon > 0 && colon < name.length - 1 && name.indexOf(":", colon + 1) < 0;
  return { name, prefix: qualified ? name.slice(0, colon) : undefined, local: interned(name.slice(colon + 1)) };
}

/**
 * The text as the one copy V8 keeps of property names, which the code's own literals are: an
 * element's local name is then the very string the reader asks for ("Amt"), and finding a child
 * among its siblings, some forty times an entry, compares references, not characters. Done once
 * per name read lately; a name that reads as an array index would come back equal, only not shared.
 */
function interned(text: string): string {
  return Object.keys({ [text]: 0 })[0]!;
}

/** Whether `text` from `from` to `to` holds no "<", no reference, no line break and no tab: an attribute value read as it stands. */
function isPlainValue(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LT || c === AMPERSAND || c === LF || c === CR || c === TAB) return false;
  }
  return true;
}

/** The end of the name starting at `i` in `text` (`i` when none starts there). */
function nameEnd(text: string, i: number): number {
  const length = text.length;
  let j = i;
  while (j < length) {
    const c = text.charCodeAt(j);
    if (c < 128) {
      const kind = NAME[c]!;
      if (kind === 0 || (kind === 2 && j === i)) return j;
      j++;
      continue;
    }
    const point = text.codePointAt(j)!;
    if (!(j === i ? NAME_START : NAME_CHAR).test(String.fromCodePoint(point))) return j;
    j += point > 0xffff ? 2 : 1;
  }
  return j;
}

function isXmlChar(code: number): boolean {
  return code === TAB || code === LF || code === CR || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** The position of the first `word` in `text` at or past `from`; the text's length when there is none. */
function indexOrEnd(text: string, word: string, from: number): number {
  const at = text.indexOf(word, from);
  return at < 0 ? text.length : at;
}

/** The position of the last character of the first `end` past `from`; -1 when there is none. */
function endOf(text: string, end: string, from: number): number {
  const at = text.indexOf(end, from);
  return at < 0 ? -1 : at + end.length - 1;
}

const same = (text: string) => text;
/** XML's end-of-line handling: CR LF and a CR alone read as LF. */
const normalLines = (text: string) => (text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text);
/** An attribute value's line breaks and tabs read as spaces (before references are replaced). */
const spacedOut = (text: string) => (/[\t\n\r]/.test(text) ? text.replace(/\r\n|[\t\n\r]/g, " ") : text);

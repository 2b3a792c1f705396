import type { XmlNode } from "./node";

const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Captured elements (a Bal, an Ntry and all inside them) in parallel arrays that one reading
 * reuses: an element is an index, 0 none. A tree of XmlNode objects cost an object and a
 * children array per element, which made half of a camt file's parse the collector's work.
 * Text is kept in the pieces the scanner gave, each with the element directly around it, and
 * joined only when read: the whitespace between an element's children is never concatenated.
 */
export class Elements {
  private count = 0;
  private readonly names: string[] = [""];
  private readonly lines: number[] = [0];
  private readonly attributeSets: Readonly<Record<string, string>>[] = [NO_ATTRIBUTES];
  private readonly parents: number[] = [0];
  private readonly firstChildren: number[] = [0];
  private readonly lastChildren: number[] = [0];
  private readonly nextSiblings: number[] = [0];
  /** The element's pieces are among pieces[firstPieces[e]] to pieces[endPieces[e] - 1], with its children's. */
  private readonly firstPieces: number[] = [0];
  private readonly endPieces: number[] = [0];
  private pieceCount = 0;
  private readonly pieces: string[] = [];
  private readonly owners: number[] = [];

  /** Forgets every element: what was read from them has been read. */
  clear(): void {
    this.count = 0;
    this.pieceCount = 0;
  }

  /** A new element, the last child of `parent` (0: a root). */
  add(parent: number, name: string, attributes: Readonly<Record<string, string>>, line: number): number {
    const e = ++this.count;
    this.names[e] = name;
    this.lines[e] = line;
    this.attributeSets[e] = attributes;
    this.parents[e] = parent;
    this.firstChildren[e] = 0;
    this.lastChildren[e] = 0;
    this.nextSiblings[e] = 0;
    this.firstPieces[e] = this.pieceCount;
    this.endPieces[e] = this.pieceCount;
    if (parent) {
      const last = this.lastChildren[parent]!;
      if (last) this.nextSiblings[last] = e;
      else this.firstChildren[parent] = e;
      this.lastChildren[parent] = e;
    }
    return e;
  }

  /** Character data directly in `e`, the latest element added that is still open. */
  addText(e: number, text: string): void {
    const i = this.pieceCount++;
    this.pieces[i] = text;
    this.owners[i] = e;
  }

  /** `e` is complete: no more text or children. */
  end(e: number): void {
    this.endPieces[e] = this.pieceCount;
  }

  /**
   * Moves the elements from `root` on (a subtree still being read) to the start, forgetting those
   * before it, and returns by how much their indexes went down.
   */
  keepFrom(root: number): number {
    const shift = root - 1;
    const pieceShift = this.firstPieces[root]!;
    const moved = (i: number) => (i ? i - shift : 0);
    for (let e = root; e <= this.count; e++) {
      const to = e - shift;
      this.names[to] = this.names[e]!;
      this.lines[to] = this.lines[e]!;
      this.attributeSets[to] = this.attributeSets[e]!;
      this.parents[to] = moved(this.parents[e]!);
      this.firstChildren[to] = moved(this.firstChildren[e]!);
      this.lastChildren[to] = moved(this.lastChildren[e]!);
      this.nextSiblings[to] = moved(this.nextSiblings[e]!);
      this.firstPieces[to] = this.firstPieces[e]! - pieceShift;
      this.endPieces[to] = this.endPieces[e]! - pieceShift;
    }
    for (let i = pieceShift; i < this.pieceCount; i++) {
      this.pieces[i - pieceShift] = this.pieces[i]!;
      this.owners[i - pieceShift] = this.owners[i]! - shift;
    }
    this.count -= shift;
    this.pieceCount -= pieceShift;
    return shift;
  }

  name(e: number): string {
    return this.names[e]!;
  }

  /** 1-based line of the element's start tag. */
  line(e: number): number {
    return this.lines[e]!;
  }

  parent(e: number): number {
    return this.parents[e]!;
  }

  /** By local name; namespace declarations are not attributes. */
  attribute(e: number, name: string): string | undefined {
    return this.attributeSets[e]![name];
  }

  /** The element's own character data, concatenated (whitespace between children included). */
  text(e: number): string {
    let text = "";
    const end = this.endPieces[e]!;
    for (let i = this.firstPieces[e]!; i < end; i++) if (this.owners[i] === e) text += this.pieces[i]!;
    return text;
  }

  /** The element's own character data, trimmed. */
  trimmedText(e: number): string {
    return trimmed(this.text(e));
  }

  /** The first child of `e` named `name`; 0 when it has none. */
  child(e: number, name: string): number {
    for (let c = this.firstChildren[e]!; c; c = this.nextSiblings[c]!) if (this.names[c] === name) return c;
    return 0;
  }

  /** The next sibling of `e` named `name`; 0 when there is none. */
  next(e: number, name: string): number {
    for (let s = this.nextSiblings[e]!; s; s = this.nextSiblings[s]!) if (this.names[s] === name) return s;
    return 0;
  }

  /**
   * The first element along a path of up to three child names, e.g. at(ntry, "BookgDt", "Dt").
   * The names come one by one, not as one "/"-separated path: an entry makes some forty lookups,
   * and each paid a search of a table of split paths before its first step.
   */
  at(e: number, first: string, second?: string, third?: string): number {
    let found = this.child(e, first);
    if (second !== undefined && found) found = this.child(found, second);
    if (third !== undefined && found) found = this.child(found, third);
    return found;
  }

  /** The trimmed text of the element at the path; undefined when it is absent or empty. */
  textAt(e: number, first: string, second?: string, third?: string): string | undefined {
    const found = this.at(e, first, second, third);
    const text = found ? this.trimmedText(found) : "";
    return text ? text : undefined;
  }

  /** The element as an XmlNode tree, for a reader that keeps it past the next slice. */
  node(e: number): XmlNode {
    const children: XmlNode[] = [];
    for (let c = this.firstChildren[e]!; c; c = this.nextSiblings[c]!) children.push(this.node(c));
    return { name: this.names[e]!, attributes: this.attributeSets[e]!, text: this.text(e), children, line: this.lines[e]! };
  }

  /** Adds an XmlNode tree as elements under `parent`, and returns its root; 0 for no node. */
  load(node: XmlNode | undefined, parent = 0): number {
    if (!node) return 0;
    const e = this.add(parent, node.name, node.attributes, node.line);
    this.addText(e, node.text);
    for (const child of node.children) this.load(child, e);
    this.end(e);
    return e;
  }
}

/**
 * The text trimmed: as it stands when it starts and ends with a visible ASCII character, as
 * almost every value of a statement does, without a call of trim for each.
 */
function trimmed(text: string): string {
  return isVisibleAscii(text.charCodeAt(0)) && isVisibleAscii(text.charCodeAt(text.length - 1)) ? text : text.trim();
}

const isVisibleAscii = (c: number) => c > 0x20 && c < 0x7f;

/**
 * JSON as JSON.parse reads it (RFC 8259), except that an object naming a key twice is refused:
 * JSON.parse keeps the last value, so `{"amount":"1","amount":"999"}` is an order for 999 to
 * one reader and for 1 to another (RFC 8259 §4: names "SHOULD be unique", behaviour otherwise
 * "unpredictable"). A payment order must not mean two things.
 */
export class JsonSyntaxError extends Error {
  override name = "JsonSyntaxError";
  constructor(
    readonly reason: string,
    /** Offset in the text, in UTF-16 code units from 0. */
    readonly offset: number,
  ) {
    super(`${reason} at character ${offset + 1}`);
  }
}

/** An object that names a key twice; `key` is its path from the top (`metadata.ref`, `items[2].id`). */
export class DuplicateKeyError extends Error {
  override name = "DuplicateKeyError";
  constructor(
    readonly key: string,
    readonly offset: number,
  ) {
    super(`the key ${JSON.stringify(key)} is given twice (again at character ${offset + 1})`);
  }
}

/** Nesting deeper than this is refused, so a body of brackets cannot exhaust the stack. */
export const MAX_DEPTH = 64;

export function parseStrictJson(text: string): unknown {
  const parser = new Parser(text);
  parser.skipSpace();
  const value = parser.value("", 0);
  parser.skipSpace();
  if (parser.at < text.length) throw parser.fail("unexpected text after the JSON value");
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** What may follow a backslash in a string. */
const ESCAPE = /^(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/;
const LITERALS: [string, unknown][] = [["true", true], ["false", false], ["null", null]];

class Parser {
  at = 0;
  constructor(private readonly text: string) {}

  fail(reason: string, offset = this.at): JsonSyntaxError {
    return new JsonSyntaxError(offset >= this.text.length ? `${reason} (the body ends there)` : reason, offset);
  }

  skipSpace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.at);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.at++;
    }
  }

  /** A value at `path` (the keys leading to it, for messages), `depth` containers deep. */
  value(path: string, depth: number): unknown {
    const c = this.text[this.at];
    if (c === "{" || c === "[") {
      if (depth >= MAX_DEPTH) throw this.fail(`nested deeper than ${MAX_DEPTH} levels`);
      return c === "{" ? this.object(path, depth + 1) : this.array(path, depth + 1);
    }
    if (c === '"') return this.string();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    return this.number();
  }

  private object(path: string, depth: number): Record<string, unknown> {
    this.at++;
    const entries: [string, unknown][] = [];
    const seen = new Set<string>();
    this.skipSpace();
    if (this.text[this.at] === "}") {
      this.at++;
      return {};
    }
    for (;;) {
      const keyAt = this.at;
      if (this.text[this.at] !== '"') throw this.fail('expected a key in double quotes');
      const key = this.string();
      const keyPath = path ? `${path}.${key}` : key;
      if (seen.has(key)) throw new DuplicateKeyError(keyPath, keyAt);
      seen.add(key);
      this.skipSpace();
      this.expect(":");
      this.skipSpace();
      entries.push([key, this.value(keyPath, depth)]);
      this.skipSpace();
      if (this.text[this.at] === "}") {
        this.at++;
        // fromEntries defines each key as an own property, as JSON.parse does: `__proto__` stays data.
        return Object.fromEntries(entries);
      }
      this.expect(",", '"," or "}"');
      this.skipSpace();
    }
  }

  private array(path: string, depth: number): unknown[] {
    this.at++;
    const items: unknown[] = [];
    this.skipSpace();
    if (this.text[this.at] === "]") {
      this.at++;
      return items;
    }
    for (;;) {
      items.push(this.value(`${path}[${items.length}]`, depth));
      this.skipSpace();
      if (this.text[this.at] === "]") {
        this.at++;
        return items;
      }
      this.expect(",", '"," or "]"');
      this.skipSpace();
    }
  }

  private string(): string {
    const start = this.at++;
    for (;;) {
      const c = this.text.charCodeAt(this.at);
      if (Number.isNaN(c)) throw this.fail("a string is not closed");
      if (c < 0x20) throw this.fail("a control character in a string must be escaped");
      this.at++;
      if (c === 0x22) break;
      if (c !== 0x5c) continue;
      const escape = ESCAPE.exec(this.text.slice(this.at, this.at + 5));
      if (!escape) throw this.fail("not a JSON escape");
      this.at += escape[0].length;
    }
    // The token is valid JSON by now; JSON.parse decodes its escapes exactly.
    return JSON.parse(this.text.slice(start, this.at)) as string;
  }

  private number(): number {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (!match) throw this.fail("expected a JSON value");
    this.at += match[0].length;
    return Number(match[0]);
  }

  private expect(char: string, what = `"${char}"`): void {
    if (this.text[this.at] !== char) throw this.fail(`expected ${what}`);
    this.at++;
  }
}

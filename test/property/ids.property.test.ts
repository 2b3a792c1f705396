import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normaliseText } from "../../src/map/ids";
import type { BankEntry } from "../../src/model/statement";
import { fileNumbering, idsOfFiles, PROPERTY_TIMEOUT, runs } from "./support";

const ACCOUNT = "NL91ABNA0417164300";

/** What the bank says about one real entry; files may state it several times, in any letter case and spacing. */
interface Template {
  day: string;
  minor: bigint;
  words: string[];
  name: string | undefined;
  /** A reference the format's standard makes unique for the account (CAMT Ntry/AcctSvcrRef). */
  unique: string | undefined;
  /** A reference as MT940, BAI2 and CSV files carry it: free text, reused on other days and entries. */
  reference: string | undefined;
}

/**
 * The facts that make two entries the same entry: the unique reference, else day, amount and
 * text up to case and spacing. Any other reference says nothing: Danske Bank writes "Test" on
 * a September debit and an October credit.
 */
const identity = (t: Template) =>
  t.unique === undefined ? `${t.day}|${t.minor}|${t.words.join(" ").toLowerCase()}|${t.name?.toLowerCase() ?? ""}` : `ref ${t.unique}`;

const word = fc.stringMatching(/^[A-Za-z0-9äöüé.-]{1,6}$/);
const template: fc.Arbitrary<Template> = fc.record({
  // Few days and amounts, so that different entries often share a day or an amount.
  day: fc.constantFrom("2026-10-01", "2026-10-02", "2026-10-03"),
  minor: fc.constantFrom(-320n, 1000n, 123456n, -1n),
  words: fc.array(word, { minLength: 1, maxLength: 3 }),
  name: fc.option(word, { nil: undefined }),
  unique: fc.option(fc.stringMatching(/^[A-Z0-9]{4,10}$/), { freq: 4, nil: undefined }),
  // Danske Bank's SE and NO samples: the same few references on debits and credits of many days.
  reference: fc.option(fc.constantFrom("Test", "12345678", "melding"), { freq: 4, nil: undefined }),
});

/** A way of writing a template's text: each word's case and the blanks between words. */
const variant = fc.record({ upper: fc.boolean(), gaps: fc.array(fc.constantFrom(" ", "  ", "\t", "\n "), { minLength: 4, maxLength: 4 }) });
type Variant = typeof variant extends fc.Arbitrary<infer V> ? V : never;

function entryOf(t: Template, v: Variant): BankEntry {
  const text = t.words.map((w) => (v.upper ? w.toUpperCase() : w.toLowerCase())).reduce((acc, w, i) => acc + v.gaps[i]! + w, "");
  return {
    line: 1,
    account: { id: ACCOUNT },
    bookingDate: t.day,
    amount: { minor: t.minor, currency: "EUR", exponent: 2 },
    status: "booked",
    description: text,
    counterparty: t.name === undefined ? undefined : { name: v.upper ? t.name.toUpperCase() : t.name },
    uniqueReference: t.unique,
    bankReference: t.unique ?? t.reference,
    customerReference: t.reference,
  };
}

/** A pool of distinct entries and files that state some of them, each any number of times. */
const scenario = fc
  .uniqueArray(template, { minLength: 1, maxLength: 8, selector: identity })
  .chain((pool) =>
    fc.record({
      pool: fc.constant(pool),
      files: fc.array(fc.array(fc.record({ at: fc.nat(pool.length - 1), variant }), { maxLength: 12 }), { minLength: 1, maxLength: 4 }),
    }),
  );

type Stated = { at: number; variant: Variant };
const entriesOf = (pool: readonly Template[], file: readonly Stated[]) => file.map((s) => entryOf(pool[s.at]!, s.variant));

/** A permutation of a list, drawn by fast-check so that a failure shrinks to a small one. */
const shuffle = <T>(list: readonly T[], keys: readonly number[]) =>
  list.map((item, i) => ({ item, key: keys[i] ?? 0 })).sort((a, b) => a.key - b.key).map((x) => x.item);

function idsInOrder(entries: readonly BankEntry[]): string[] {
  const idFor = fileNumbering(ACCOUNT);
  return entries.map(idFor);
}

describe("entry ids: properties over random files", { timeout: PROPERTY_TIMEOUT }, () => {
  it("numbers the copies of one entry in a file :2, :3... after a first id that names the unique reference or the day", () => {
    fc.assert(
      fc.property(scenario, ({ pool, files }) => {
        const file = files[0]!;
        const ids = idsInOrder(entriesOf(pool, file));
        pool.forEach((t, at) => {
          const own = ids.filter((_, i) => file[i]!.at === at);
          if (own.length === 0) return;
          const base = own[0]!;
          // Case and spacing of the text do not make another entry: every copy has the same base.
          expect(own).toEqual(own.map((_, n) => (n === 0 ? base : `${base}:${n + 1}`)));
          if (t.unique) expect(base).toBe(`${ACCOUNT}:ref:${t.unique}`);
          else expect(base).toMatch(new RegExp(`^${ACCOUNT}:${t.day}:[0-9a-f]{16}$`));
        });
        // Different entries never share an id.
        expect(new Set(ids).size).toBe(ids.length);
      }),
      runs(),
    );
  });

  it("gives a file's entries the same set of ids whatever their order in the file", () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.double({ noNaN: true }), { minLength: 12, maxLength: 12 }), ({ pool, files }, keys) => {
        const entries = entriesOf(pool, files[0]!);
        expect(idsInOrder(shuffle(entries, keys)).sort()).toEqual(idsInOrder(entries).sort());
      }),
      runs(),
    );
  });

  it("keeps, across files, the largest number of copies any one file states, whatever the order of files", () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.double({ noNaN: true }), { minLength: 4, maxLength: 4 }), ({ pool, files }, keys) => {
        const asRead = files.map((f) => entriesOf(pool, f));
        const ids = idsOfFiles(asRead, ACCOUNT);
        expect(idsOfFiles(shuffle(asRead, keys), ACCOUNT)).toEqual(ids);
        expect(idsOfFiles([...asRead].reverse(), ACCOUNT)).toEqual(ids);

        // The rule, counted without the numbering: copies kept per entry = max over files of its copies in that file.
        const kept = pool.map((_, at) => Math.max(...files.map((f) => f.filter((s) => s.at === at).length)));
        expect(ids.size).toBe(kept.reduce((a, b) => a + b, 0));
        // A file that states nothing beyond another file adds nothing to it.
        for (const file of asRead) expect(idsOfFiles([...asRead, file.slice(0, file.length >> 1)], ACCOUNT)).toEqual(ids);
      }),
      runs(),
    );
  });

  it("names one bank entry per id, with one booking day and sign, whatever references the bank reuses across days and files", () => {
    fc.assert(
      fc.property(scenario, ({ pool, files }) => {
        const named = new Map<string, Template>();
        for (const file of files) {
          const idFor = fileNumbering(ACCOUNT);
          for (const stated of file) {
            const t = pool[stated.at]!;
            const id = idFor(entryOf(t, stated.variant));
            const before = named.get(id);
            if (before) expect(identity(before)).toBe(identity(t));
            named.set(id, t);
          }
        }
        // Published ids are as many as distinct entries, each kept as often as one file states it.
        const kept = pool.map((_, at) => Math.max(...files.map((f) => f.filter((s) => s.at === at).length)));
        expect(named.size).toBe(kept.reduce((a, b) => a + b, 0));
        // A reference the standard does not make unique never names an entry: the day and the fingerprint do.
        for (const [id, t] of named) if (t.unique === undefined) expect(id).toMatch(new RegExp(`^${ACCOUNT}:${t.day}:[0-9a-f]{16}(:\\d+)?$`));
      }),
      runs(),
    );
  });

  it("normalises text as NFKC, lower case, whitespace runs one space, trimmed, whatever shortcut it takes", () => {
    const whitespace = fc.constantFrom(" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2028", "\u3000", "\ufeff", "\u000b");
    const text = fc.array(fc.oneof(fc.string({ unit: "grapheme" }), whitespace), { maxLength: 8 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(text, (t) => {
        expect(normaliseText(t)).toBe(t.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim());
      }),
      runs(500),
    );
  });
});

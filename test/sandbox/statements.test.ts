import { describe, expect, it } from "vitest";
import { detectKind, PARSERS } from "../../src/ingest/detect";
import type { BankEntry, StatedBalance, StatementEvent } from "../../src/model/statement";
import { openAccount, openBeneficiary } from "../../src/sandbox/accounts";
import { SANDBOX_FORMATS, type SandboxEntry, type SandboxFile, type SandboxFormat, type SandboxStatement } from "../../src/sandbox/bank";
import { generateFiles } from "../../src/sandbox/generate";
import { SANDBOX_COUNTRIES } from "../../src/sandbox/iban";
import { sourceProfile } from "../../src/sandbox/profile";
import { isValidIban } from "../../src/model/iban";
import { collect } from "../support/parsing";
import { textChunks } from "../../src/formats/lines";
import type { SandboxAccount } from "../../src/sandbox/bank";

const CREATED = "2026-12-01T06:00:00.000Z";

async function parse(file: SandboxFile, account: SandboxAccount, expected?: string): Promise<StatementEvent[]> {
  const kind = detectKind(file.text.slice(0, 4096));
  if (expected) expect(kind).toBe(expected);
  return collect(PARSERS[kind](textChunks(file.text, 1000), { fileName: file.name, source: account.source, profile: sourceProfile(account) }));
}

const entriesOf = (events: StatementEvent[]) => events.flatMap((e) => (e.type === "entry" ? [e.entry] : []));
const balancesOf = (events: StatementEvent[]) => events.flatMap((e) => (e.type === "balance" ? [e.balance] : []));

/** What every format carries back of an entry. */
const core = (e: { day: string; amount: bigint; status: string; reversal?: boolean | undefined; description?: string | undefined }) => ({
  day: e.day, amount: e.amount, status: e.status, reversal: !!e.reversal, description: e.description,
});

function parsedCore(e: BankEntry) {
  return core({ day: e.bookingDate, amount: e.amount.minor, status: e.status, reversal: e.reversal, description: e.description });
}

function generatedCore(e: SandboxEntry) {
  return core({ day: e.day, amount: BigInt(e.amount), status: e.status, reversal: e.reversal, description: e.description });
}

const KINDS: Record<SandboxFormat, string> = { "camt053.001.02": "camt053", "camt053.001.08": "camt053", mt940: "mt940", bai2: "bai2", csv: "csv" };

/** The references and party a format carries: BAI2 has no party, CSV no end-to-end id. */
function references(format: SandboxFormat, e: { bankReference?: string | undefined; endToEndId?: string | undefined; name?: string | undefined; iban?: string | undefined }) {
  if (format === "bai2") return { bankReference: e.bankReference, endToEndId: e.endToEndId };
  if (format === "csv") return { bankReference: e.bankReference, name: e.name, iban: e.iban };
  return e;
}

/** A CSV export states one balance, the last row's: its statements are one. */
function statementsOf(statements: SandboxStatement[], format: SandboxFormat) {
  const stated = statements.map((s) => ({ day: s.day, opening: s.opening, closing: s.closing }));
  return format === "csv" ? [{ ...stated.at(-1)!, opening: stated[0]!.opening }] : stated;
}

describe("sandbox statement files read back through the parsers", () => {
  for (const format of SANDBOX_FORMATS) {
    it(`${format}: a month of two files, entries, balances and continuity exactly as generated`, async () => {
      const beneficiary = openBeneficiary("NL", "Northwind Traders", "b1");
      const start = openAccount({ country: "DE", name: "Acme GmbH", format, since: "2026-10-31", seed: `acme-${format}` });
      const first = generateFiles(start, 30, [beneficiary], CREATED);
      const second = generateFiles(first.account, 5, [beneficiary], CREATED);

      let previousClosing = BigInt(start.balance);
      for (const generated of [first, second]) {
        const events = await parse(generated.files[0]!, start, KINDS[format]);
        const generatedEntries = generated.statements.flatMap((s) => s.entries.filter((e) => e.status === "booked" || format.startsWith("camt053")));
        const parsed = entriesOf(events);
        expect(parsed.map(parsedCore)).toEqual(generatedEntries.map(generatedCore));
        expect(parsed.map((e) => references(format, { bankReference: e.bankReference, endToEndId: e.endToEndId ?? e.customerReference, name: e.counterparty?.name, iban: e.counterparty?.account })))
          .toEqual(generatedEntries.map((e) => references(format, { bankReference: e.id, endToEndId: e.endToEndId, name: e.counterparty?.name, iban: e.counterparty?.iban })));
        expect(new Set(parsed.map((e) => e.account.id))).toEqual(new Set([start.iban]));

        // Opening + booked entries = closing, each opening the previous closing.
        for (const s of generated.statements) {
          expect(s.opening).toBe(previousClosing);
          expect(s.entries.filter((e) => e.status === "booked").reduce((sum, e) => sum + BigInt(e.amount), s.opening)).toBe(s.closing);
          previousClosing = s.closing;
        }
        expect(statedStatements(format, events, parsed)).toEqual(statementsOf(generated.statements, format));
      }
      expect(second.statements[0]!.number).toBe(first.statements.at(-1)!.number + 1);
      expect(first.statements.map((s) => s.number)).toEqual([...Array(30).keys()].map((i) => i + 1));
    });
  }

  it("an MT940 account's pending card payment comes as an MT942, its entries pending, booked by the next statement under the same reference", async () => {
    const start = openAccount({ country: "GB", name: "Acme Ltd", format: "mt940", since: "2026-10-31", seed: "mt942" });
    const first = generateFiles(start, 3, [], CREATED);
    expect(first.files).toHaveLength(2);
    const interim = entriesOf(await parse(first.files[1]!, start, "mt940"));
    expect(interim.map(parsedCore)).toEqual(first.pending.map(generatedCore));
    expect(interim[0]!.status).toBe("pending");
    const next = generateFiles(first.account, 1, [], CREATED);
    const booked = entriesOf(await parse(next.files[0]!, start)).find((e) => e.bankReference === first.pending[0]!.id)!;
    expect({ ...parsedCore(booked), status: "pending" }).toEqual(parsedCore(interim[0]!));
  });

  it("is deterministic: the same seed gives the same files", () => {
    const open = () => openAccount({ country: "FR", name: "Acme SAS", format: "camt053.001.08", since: "2026-10-31", seed: "same" });
    expect(generateFiles(open(), 10, [], CREATED).files).toEqual(generateFiles(open(), 10, [], CREATED).files);
  });

  it("opens accounts and beneficiaries with IBANs whose check digits hold, in each country", () => {
    for (const country of SANDBOX_COUNTRIES) {
      for (let i = 0; i < 20; i++) {
        const account = openAccount({ country, name: "A", format: "csv", since: "2026-10-31", seed: `${country}-${i}` });
        expect(isValidIban(account.iban), account.iban).toBe(true);
        expect(account.iban.slice(0, 2)).toBe(country);
        expect(account.iban).toHaveLength({ DE: 22, NL: 18, FR: 27, GB: 22 }[country]);
        expect(isValidIban(openBeneficiary(country, "B", `${i}`).iban)).toBe(true);
      }
    }
    expect(openAccount({ country: "GB", name: "A", format: "csv", since: "2026-10-31", seed: "x" }).currency).toBe("GBP");
  });
});

/**
 * The statements as the file states them: opening and closing per statement (CSV: the balance
 * of its last row, and that balance less its rows).
 */
function statedStatements(format: SandboxFormat, events: StatementEvent[], entries: BankEntry[]) {
  if (format === "csv") {
    const closing = balancesOf(events).at(-1)!;
    return [{ day: closing.date, opening: closing.amount.minor - entries.reduce((sum, e) => sum + e.amount.minor, 0n), closing: closing.amount.minor }];
  }
  const statements: { day: string; opening?: bigint; closing?: bigint }[] = [];
  for (const event of events) {
    if (event.type === "statement") statements.push({ day: "" });
    if (event.type !== "balance") continue;
    const b: StatedBalance = event.balance;
    const current = statements.at(-1)!;
    if (b.kind === "opening") current.opening = b.amount.minor;
    if (b.kind === "closing") Object.assign(current, { closing: b.amount.minor, day: b.date });
  }
  return statements;
}

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { controlSum, type Pain001Message, writePain001 } from "../../src/formats/pain001";
import { fromMinor } from "../../src/model/money";
import { PAIN001_VERSIONS, type Pain001Version, type PaymentFile, type PaymentOrder } from "../../src/model/payment";
import { paymentMessage } from "../../src/payments/outbox";
import { readPain001, summarise } from "../support/pain001";

const OWN_XSD = new URL("../fixtures/pain001/", import.meta.url).pathname;
// Anyone holding the official ISO schemas can check the files against them too.
const OFFICIAL_XSD = process.env["PAIN001_XSD_DIR"];

async function schemaErrors(xml: string, version: Pain001Version, folder = OWN_XSD): Promise<string[]> {
  const schema = readFileSync(join(folder, `${version}.xsd`), "utf8");
  const result = await validateXML({ xml: [{ fileName: "payment.xml", contents: xml }], schema: [{ fileName: `${version}.xsd`, contents: schema }] });
  return result.errors.map((e) => e.message);
}

function message(version: Pain001Version, overrides: Partial<Pain001Message> = {}): Pain001Message {
  return {
    version,
    messageId: "SC20261122051500A1B2C3D4E5F6",
    createdAt: "2026-11-22T05:15:00.123Z",
    initiatingParty: "Acme GmbH",
    executionDate: "2026-11-22",
    instructions: [
      {
        id: "SC20261122051500A1B2C3D4E5F6-1",
        debtor: { name: "Acme GmbH", iban: "DE89370400440532013000", bic: "COBADEFFXXX" },
        transfers: [
          { endToEndId: "invoice-4711", amount: fromMinor(1234n, "EUR"), creditor: { name: "Lieferant AG", iban: "DE02120300000000202051" }, remittance: "Invoice 4711" },
          { endToEndId: "salary-11", amount: fromMinor(250000n, "EUR"), creditor: { name: "Jane Doe", iban: "FR1420041010050500013M02606" } },
        ],
      },
      {
        id: "SC20261122051500A1B2C3D4E5F6-2",
        debtor: { name: "Acme KK", iban: "GB29NWBK60161331926819" },
        transfers: [{ endToEndId: "yen-1", amount: fromMinor(5000n, "JPY"), creditor: { name: "Tanaka", iban: "GB82WEST12345698765432" } }],
      },
    ],
    ...overrides,
  };
}

describe.each(PAIN001_VERSIONS)("%s", (version) => {
  it("is valid against the schema, with its counts, control sums and amounts in the currency's decimals", async () => {
    const xml = writePain001(message(version));
    expect(await schemaErrors(xml, version)).toEqual([]);
    const facts = summarise(await readPain001(xml));
    expect(facts.count).toBe("3");
    // 12.34 + 2500.00 + 5000 (JPY has no decimals): a plain sum of the numbers written.
    expect(facts.controlSum).toBe("7512.34");
    expect(facts.instructions.map((i) => [i.count, i.controlSum])).toEqual([["2", "2512.34"], ["1", "5000"]]);
    expect(facts.instructions[0]!.transfers.map((t) => [t.endToEndId, t.amount, t.currency])).toEqual([
      ["invoice-4711", "12.34", "EUR"],
      ["salary-11", "2500.00", "EUR"],
    ]);
    expect(facts.instructions[1]!.transfers[0]!.amount).toBe("5000");
  });

  it("names the debtor's bank by BIC, or in the IBAN-only form without one", async () => {
    const xml = writePain001(message(version));
    const bicElement = version === "pain.001.001.03" ? "<BIC>COBADEFFXXX</BIC>" : "<BICFI>COBADEFFXXX</BICFI>";
    expect(xml).toContain(`<FinInstnId>${bicElement}</FinInstnId>`);
    expect(xml).toContain("<FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId>");
    expect(await schemaErrors(xml, version)).toEqual([]);
  });

  it("writes the execution date as this version defines it", () => {
    const xml = writePain001(message(version));
    const expected = version === "pain.001.001.03" ? "<ReqdExctnDt>2026-11-22</ReqdExctnDt>" : "<ReqdExctnDt><Dt>2026-11-22</Dt></ReqdExctnDt>";
    expect(xml).toContain(expected);
  });

  it("escapes XML's special characters and keeps non-ASCII names as UTF-8, valid and read back unchanged", async () => {
    const name = `Müller & Söhne <"Ærø"> 'Øre' 日本`;
    const remittance = "Rechnung <4711> & Mahnung \"2\" über 5 €";
    const base = message(version);
    const instruction = base.instructions[0]!;
    const transfer = { ...instruction.transfers[0]!, creditor: { ...instruction.transfers[0]!.creditor, name }, remittance };
    const xml = writePain001({ ...base, initiatingParty: name, instructions: [{ ...instruction, debtor: { ...instruction.debtor, name }, transfers: [transfer] }] });
    expect(xml).not.toContain("& ");
    expect(xml).toContain("M\u00fcller &#38; S\u00f6hne &#60;&#34;\u00c6r\u00f8&#34;&#62;");
    expect(await schemaErrors(xml, version)).toEqual([]);
    const read = summarise(await readPain001(xml)).instructions[0]!;
    expect(read.debtorName).toBe(name);
    expect(read.transfers[0]!.creditorName).toBe(name);
    expect(read.transfers[0]!.remittance).toBe(remittance);
  });

  it("holds the largest amount the schema allows (18 digits)", async () => {
    const base = message(version);
    const big = { ...base.instructions[1]!, transfers: [{ ...base.instructions[1]!.transfers[0]!, amount: fromMinor(999_999_999_999_999_999n, "JPY") }] };
    const xml = writePain001({ ...base, instructions: [big] });
    expect(await schemaErrors(xml, version)).toEqual([]);
  });

  it("is refused by the schema when it breaks a rule (the validator does check)", async () => {
    const tooLong = message(version, { messageId: "M".repeat(36) });
    expect((await schemaErrors(writePain001(tooLong), version)).join(" ")).toMatch(/MsgId/);
    const other = version === "pain.001.001.03" ? "pain.001.001.09" : "pain.001.001.03";
    expect(await schemaErrors(writePain001(message(other)), version)).not.toEqual([]);
  });

  it.runIf(OFFICIAL_XSD !== undefined && existsSync(join(OFFICIAL_XSD ?? "", `${version}.xsd`)))(
    "is valid against the official ISO schema in PAIN001_XSD_DIR",
    async () => {
      expect(await schemaErrors(writePain001(message(version)), version, OFFICIAL_XSD)).toEqual([]);
    },
  );
});

describe("the files the service writes for its orders", () => {
  const order = (id: string, debtorIban: string, amount: string, currency: string, exponent: number): PaymentOrder => ({
    id, type: "PAYOUT", idempotencyKey: id, requestHash: "h", endToEndId: id, amount, currency, exponent,
    sourceAccountId: debtorIban, destinationId: "DE02120300000000202051",
    debtor: { name: "Acme & Co — Zürich", iban: debtorIban }, creditor: { name: "Ørsted <A/S>", iban: "DE02120300000000202051" },
    description: "Rechnung \"4711\" & 'Mahnung'", createdAt: `2026-11-22T05:0${id.length % 10}:00.000Z`,
  });

  it.each(PAIN001_VERSIONS)("are valid %s, one PmtInf per debtor account", async (version) => {
    const file: PaymentFile = { key: "outbox/SC1.xml", messageId: "SC1", createdAt: "2026-11-22T06:00:00.000Z", version };
    const orders = [order("a", "DE89370400440532013000", "1234", "EUR", 2), order("bb", "GB29NWBK60161331926819", "7", "JPY", 0), order("ccc", "DE89370400440532013000", "1", "EUR", 2)];
    const xml = writePain001(paymentMessage(file, orders));
    expect(await schemaErrors(xml, version)).toEqual([]);
    const facts = summarise(await readPain001(xml));
    expect(facts).toMatchObject({ messageId: "SC1", count: "3", controlSum: "19.35" });
    expect(facts.instructions.map((i) => [i.id, i.debtorIban, i.transfers.map((t) => t.endToEndId)])).toEqual([
      ["SC1-1", "DE89370400440532013000", ["a", "ccc"]],
      ["SC1-2", "GB29NWBK60161331926819", ["bb"]],
    ]);
  });
});

describe("controlSum", () => {
  it("adds amounts of different exponents exactly", () => {
    expect(controlSum([{ amount: fromMinor(1n, "BHD") }, { amount: fromMinor(1n, "EUR") }, { amount: fromMinor(1n, "JPY") }])).toBe("1.011");
  });
});

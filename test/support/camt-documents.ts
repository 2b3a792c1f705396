import { Random } from "../fuzz/support";

/*
 * Seeded camt.053 documents that vary what a reader of Ntry and Bal may trip over: optional
 * elements present or absent, both schema shapes where versions differ (Sts as text or Sts/Cd,
 * Pty/Nm, TxDtls/Amt or AmtDtls), several TxDtls and NtryDtls, prefixes, whitespace and line
 * breaks between and inside elements, comments, CDATA, entity and character references, and now
 * and then a value the reader refuses.
 */

const NAMES = ["Globex SA", "Müller & Söhne", "  Hansen\n  Ingenieure ", "Coffee <Roasters>", "Zoë"];
const IBANS = ["DE89370400440532013000", "NL91 ABNA 0417 1643 00", "GB29NWBK60161331926819"];
// Placeholders in any case, one that only upper-casing a non-ASCII letter makes one (dotless ı), and ids.
const REFERENCES = ["BNK-1", "NONREF", "notprovided", "NotProvıded", "E2E-7", " R 9 ", "", "NONREF-1"];
const CODES = [["PMNT", "RCDT", "ESCT"], ["PMNT", "IDDT", "UPDD"], ["PMNT", "RDDT", "PRDD"], ["PMNT", "ICDT", "RRTN"]];
const AMOUNTS = ["1.00", "0.5", "12", "100.10", "7.25", "1.2.3", "-4.00", ".5", "3.456"];
const DAYS = ["2024-03-01", "2024-03-02Z", "2024-03-03+02:00", "2024-02-29", "2024-03-04-11:30", "2024-02-30", "2023-02-29", "2024-3-1", "2024-03-01z", "2024-03-01+0200", "0000-01-01"];
const TIMES = ["2024-03-01T10:00:00+01:00", "2024-03-01T10:00:00", "2024-03-01T25:00:00Z"];

/** Writes one element at a time, with the document's prefix and whatever noise the seed asks for. */
class Writer {
  private readonly parts: string[] = [];

  constructor(
    private readonly random: Random,
    private readonly prefix: string,
  ) {}

  /** Noise between elements: nothing, a line break and indent, a comment. */
  gap(): void {
    const r = this.random.int(10);
    if (r < 5) return;
    if (r < 8) this.parts.push(this.random.pick(["\n", "\n  ", "\r\n\t", " "]));
    else this.parts.push(this.random.pick(["<!-- c -->", "\n<!-- a\ncomment -->\n", "<?pi x?>"]));
  }

  open(name: string, attributes = ""): void {
    this.gap();
    this.parts.push(`<${this.prefix}${name}${attributes}>`);
  }

  close(name: string): void {
    this.gap();
    this.parts.push(`</${this.prefix}${name}>`);
  }

  /** A leaf with `text` written plainly, escaped by references, split by a comment, or in CDATA. */
  leaf(name: string, text: string, attributes = ""): void {
    this.open(name, attributes);
    this.parts.push(this.written(text));
    this.parts.push(`</${this.prefix}${name}>`);
  }

  /** Some leaves are left out, which the reader may or may not need. */
  maybe(name: string, text: string, p = 0.5): void {
    if (this.random.chance(p)) this.leaf(name, text);
  }

  private written(text: string): string {
    const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    const r = this.random.int(10);
    if (r < 6) return escaped;
    if (r < 7) return text.replace(/[&<1aeo]/g, (c) => (c === "1" ? "&#x31;" : `&#${c.charCodeAt(0)};`));
    if (r < 8 && !text.includes("]]>")) return `<![CDATA[${text}]]>`;
    if (r < 9) return ` ${escaped}\n`;
    const half = Math.floor(escaped.length / 2);
    const cut = escaped.lastIndexOf("&", half) >= 0 ? 0 : half;
    return `${escaped.slice(0, cut)}<!-- split -->${escaped.slice(cut)}`;
  }

  raw(text: string): void {
    this.parts.push(text);
  }

  text(): string {
    return this.parts.join("");
  }
}

export function camtDocument(seed: number): string {
  const random = new Random(seed);
  const prefix = random.pick(["", "", "c:", "ns2:"]);
  const w = new Writer(random, prefix);
  const declaration = prefix ? ` xmlns:${prefix.slice(0, -1)}` : " xmlns";
  w.raw('<?xml version="1.0" encoding="UTF-8"?>\n');
  w.raw(`<${prefix}Document${declaration}="urn:iso:std:iso:20022:tech:xsd:camt.053.001.0${random.pick(["2", "4", "8"])}">`);
  w.open("BkToCstmrStmt");
  w.open("GrpHdr");
  w.leaf("MsgId", "M1");
  w.close("GrpHdr");
  const statements = random.between(1, 2);
  for (let s = 0; s < statements; s++) statement(w, random);
  w.close("BkToCstmrStmt");
  w.raw(`</${prefix}Document>\n`);
  return w.text();
}

function statement(w: Writer, random: Random): void {
  w.open("Stmt");
  w.maybe("Id", random.pick(["S-1", " S 2 ", ""]), 0.8);
  w.maybe("CreDtTm", random.pick(TIMES.slice(0, 2)), 0.7);
  account(w, random);
  const balances = random.int(3);
  for (let b = 0; b < balances; b++) balance(w, random);
  const entries = random.between(0, 5);
  for (let n = 0; n < entries; n++) entry(w, random);
  w.close("Stmt");
}

function account(w: Writer, random: Random): void {
  if (random.chance(0.02)) return;
  w.open("Acct");
  w.open("Id");
  if (random.chance(0.7)) w.leaf("IBAN", random.pick(IBANS));
  else {
    w.open("Othr");
    w.leaf("Id", "0417164301");
    w.close("Othr");
  }
  w.close("Id");
  w.maybe("Ccy", random.pick(["EUR", "USD"]), 0.7);
  if (random.chance(0.5)) {
    w.open("Ownr");
    w.leaf("Nm", random.pick(NAMES));
    w.close("Ownr");
  }
  w.close("Acct");
}

function balance(w: Writer, random: Random): void {
  w.open("Bal");
  w.open("Tp");
  w.open("CdOrPrtry");
  w.leaf(random.chance(0.8) ? "Cd" : "Prtry", random.pick(["OPBD", "CLBD", "PRCD", "XXXX"]));
  w.close("CdOrPrtry");
  w.close("Tp");
  amount(w, random, "EUR");
  w.leaf("CdtDbtInd", random.pick(["CRDT", "DBIT"]));
  dateChoice(w, random, "Dt");
  w.close("Bal");
}

function amount(w: Writer, random: Random, currency: string): void {
  const text = random.chance(0.98) ? random.pick(AMOUNTS.slice(0, 5)) : random.pick(AMOUNTS);
  w.leaf("Amt", text, random.chance(0.9) ? ` Ccy="${currency}"` : "");
}

function dateChoice(w: Writer, random: Random, name: string): void {
  w.open(name);
  if (random.chance(0.8)) w.leaf("Dt", random.chance(0.98) ? random.pick(DAYS.slice(0, 5)) : random.pick(DAYS));
  else w.leaf("DtTm", random.chance(0.98) ? random.pick(TIMES.slice(0, 2)) : random.pick(TIMES));
  w.close(name);
}

function entry(w: Writer, random: Random): void {
  w.open("Ntry");
  w.maybe("NtryRef", random.pick(["1", "N-2"]), 0.3);
  amount(w, random, "EUR");
  w.leaf("CdtDbtInd", random.chance(0.99) ? random.pick(["CRDT", "DBIT"]) : "X");
  w.maybe("RvslInd", random.pick(["true", "false", "1"]), 0.2);
  status(w, random);
  if (random.chance(0.9)) dateChoice(w, random, "BookgDt");
  if (random.chance(0.6)) dateChoice(w, random, "ValDt");
  w.maybe("AcctSvcrRef", random.pick(REFERENCES), 0.8);
  if (random.chance(0.5)) transactionCode(w, random);
  const groups = random.chance(0.1) ? 2 : random.chance(0.8) ? 1 : 0;
  for (let g = 0; g < groups; g++) details(w, random);
  w.maybe("AddtlNtryInf", random.pick(["Entry\n  text", "  ", "Info"]), 0.4);
  w.close("Ntry");
}

function status(w: Writer, random: Random): void {
  const code = random.chance(0.99) ? random.pick(["BOOK", "PDNG", "INFO", "FUTR"]) : "DONE";
  const r = random.int(4);
  if (r === 0) return;
  if (r === 1) return w.leaf("Sts", code);
  w.open("Sts");
  w.leaf(r === 2 ? "Cd" : "Prtry", code);
  w.close("Sts");
}

function transactionCode(w: Writer, random: Random): void {
  w.open("BkTxCd");
  if (random.chance(0.7)) {
    const [domain, family, sub] = random.pick(CODES);
    w.open("Domn");
    w.leaf("Cd", domain!);
    w.open("Fmly");
    w.leaf("Cd", family!);
    w.maybe("SubFmlyCd", sub!, 0.9);
    w.close("Fmly");
    w.close("Domn");
  }
  if (random.chance(0.5)) {
    w.open("Prtry");
    w.leaf("Cd", random.pick(["NTRF+020", "X1"]));
    w.close("Prtry");
  }
  w.close("BkTxCd");
}

function details(w: Writer, random: Random): void {
  w.open("NtryDtls");
  if (random.chance(0.3)) {
    w.open("Btch");
    w.leaf("NbOfTxs", String(random.between(1, 3)));
    w.close("Btch");
  }
  const transactions = random.chance(0.3) ? random.between(2, 3) : random.int(2);
  for (let t = 0; t < transactions; t++) transaction(w, random);
  w.close("NtryDtls");
}

function transaction(w: Writer, random: Random): void {
  w.open("TxDtls");
  references(w, random);
  if (random.chance(0.4)) amount(w, random, random.chance(0.9) ? "EUR" : "USD");
  else if (random.chance(0.3)) {
    w.open("AmtDtls");
    w.open("TxAmt");
    amount(w, random, "EUR");
    w.close("TxAmt");
    w.close("AmtDtls");
  }
  w.maybe("CdtDbtInd", random.pick(["CRDT", "DBIT"]), 0.3);
  if (random.chance(0.2)) transactionCode(w, random);
  if (random.chance(0.7)) parties(w, random);
  if (random.chance(0.3)) agents(w, random);
  if (random.chance(0.6)) remittance(w, random);
  if (random.chance(0.15)) {
    w.open("RtrInf");
    w.open("Rsn");
    w.leaf(random.chance(0.7) ? "Cd" : "Prtry", random.pick(["AC04", "MD06"]));
    w.close("Rsn");
    w.close("RtrInf");
  }
  w.maybe("AddtlTxInf", random.pick(["Tx\ninfo", "More"]), 0.3);
  w.close("TxDtls");
}

function references(w: Writer, random: Random): void {
  if (random.chance(0.2)) return;
  w.open("Refs");
  w.maybe("MsgId", "MSG-1", 0.3);
  w.maybe("AcctSvcrRef", random.pick(REFERENCES), 0.5);
  w.maybe("PmtInfId", "PI-1", 0.2);
  w.maybe("InstrId", "I-1", 0.3);
  w.maybe("EndToEndId", random.pick(REFERENCES), 0.7);
  w.maybe("TxId", "T-1", 0.2);
  w.maybe("MndtId", "MANDATE-9", 0.2);
  w.close("Refs");
}

function parties(w: Writer, random: Random): void {
  w.open("RltdPties");
  for (const role of ["Dbtr", "Cdtr"]) {
    if (random.chance(0.6)) {
      w.open(role);
      if (random.chance(0.5)) w.leaf("Nm", random.pick(NAMES));
      else {
        w.open("Pty");
        w.leaf("Nm", random.pick(NAMES));
        w.close("Pty");
      }
      w.close(role);
    }
    if (random.chance(0.5)) {
      w.open(`${role}Acct`);
      w.open("Id");
      if (random.chance(0.7)) w.leaf("IBAN", random.pick(IBANS));
      else {
        w.open("Othr");
        w.leaf("Id", random.pick(["0417164301", "X-9"]));
        w.close("Othr");
      }
      w.close("Id");
      w.close(`${role}Acct`);
    }
  }
  w.close("RltdPties");
}

function agents(w: Writer, random: Random): void {
  w.open("RltdAgts");
  for (const role of ["DbtrAgt", "CdtrAgt"]) {
    if (!random.chance(0.6)) continue;
    w.open(role);
    w.open("FinInstnId");
    w.leaf(random.chance(0.5) ? "BIC" : "BICFI", random.pick(["ABNANL2A", "DEUTDEFF"]));
    w.close("FinInstnId");
    w.close(role);
  }
  w.close("RltdAgts");
}

function remittance(w: Writer, random: Random): void {
  w.open("RmtInf");
  const unstructured = random.int(3);
  for (let u = 0; u < unstructured; u++) w.leaf("Ustrd", random.pick(["Invoice 7", "  two\n lines ", "", "A&B"]));
  const structured = random.int(3);
  for (let s = 0; s < structured; s++) {
    w.open("Strd");
    if (random.chance(0.8)) {
      w.open("CdtrRefInf");
      w.maybe("Ref", random.pick(["RF18 5390 0754 7034", " ", "REF-2"]), 0.9);
      w.close("CdtrRefInf");
    }
    w.close("Strd");
  }
  w.close("RmtInf");
}

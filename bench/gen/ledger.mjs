// The bank activity every generated statement file describes: a deterministic stream of
// entries (one account, EUR) grouped by booking day, with the running balance the formats
// state. Same seed and options, same entries: the bench compares runs and stores by content.

/** mulberry32: tiny, fast and good enough to vary amounts and parties; not for security. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  "Globex SA", "Immobilien Schmidt GmbH", "Payroll Services Ltd", "Acme Holding BV", "Stadtwerke Musterstadt GmbH",
  "Initech Europe BV", "Umbrella Logistics NV", "Hansen Ingenieure GmbH", "Coffee Roasters Amsterdam", "Swisscom AG",
  "Northwind Traders", "Contoso Facilities", "Wayne Freight Ltd", "Stark Components GmbH", "Tyrell Leasing BV",
];
// Counterparty accounts: IBAN-shaped, so outgoing payments also publish beneficiaries.
const IBANS = NAMES.map((_, i) => `DE${String(10 + i)}3704004405320130${String(i).padStart(2, "0")}`);
const TEXTS = ["Invoice", "Rent", "Salary run", "Card payment", "Direct debit", "Refund", "Transfer"];

export const ACCOUNT_IBAN = "NL91ABNA0417164300";

export function addDays(day, n) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Days needed for `rows` entries at `perDay` a day. */
export const dayCount = (rows, perDay) => Math.ceil(rows / perDay);

/**
 * Yields { day, entries: [{ seq, amount (signed minor units), name, iban, text, reference }],
 * opening, closing } per booking day, `perDay` entries a day from `start`, `rows` in all.
 */
export function* ledgerDays({ rows, seed, perDay, start }) {
  const next = random(seed);
  let balance = 1_000_000_00;
  for (let index = 0, d = 0; index < rows; d++) {
    const day = addDays(start, d);
    const opening = balance;
    const entries = [];
    for (let k = 0; k < perDay && index < rows; k++, index++) {
      const party = Math.floor(next() * NAMES.length);
      const credit = next() < 0.4;
      const minor = 1 + Math.floor(next() * 500_000);
      const amount = credit ? minor : -minor;
      balance += amount;
      // Outgoing payments mostly carry the counterparty's IBAN; card payments and some credits don't.
      const withIban = !credit ? next() < 0.8 : next() < 0.3;
      entries.push({
        seq: index,
        amount,
        name: NAMES[party],
        iban: withIban ? IBANS[party] : "",
        text: `${TEXTS[party % TEXTS.length]} ${seed}-${index}`,
        reference: `BNK${seed}-${String(index).padStart(9, "0")}`,
      });
    }
    yield { day, entries, opening, closing: balance };
  }
}

/** Minor units as a decimal with two places, e.g. -123456 -> "-1234.56" (the separator is the caller's). */
export function decimal(minor, separator = ".") {
  const abs = Math.abs(minor);
  const text = `${Math.floor(abs / 100)}${separator}${String(abs % 100).padStart(2, "0")}`;
  return minor < 0 ? `-${text}` : text;
}

import { decimal } from "./ledger.mjs";

// The shape of an online-banking export (like fixtures/sample): a header, one row per entry,
// a running balance, no bank reference (so ids are fingerprints, the costlier path).
export const csv = {
  header: () => "Booking Date,Value Date,Description,Payee,IBAN,Amount,Currency,Balance\n",
  day({ day, entries, opening }) {
    let balance = opening;
    let out = "";
    for (const e of entries) {
      balance += e.amount;
      out += `${day},${day},${e.text},${e.name},${e.iban},${decimal(e.amount)},EUR,${decimal(balance)}\n`;
    }
    return out;
  },
  footer: () => "",
};

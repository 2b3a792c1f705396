import { normaliseName } from "./names";

/** Direction cells: D/C, Af/Bij (NL), S/H (Soll/Haben), K/D (Lithuanian: K is kreditas), inflow/outflow. */
const DEBIT = ["d", "db", "dr", "debit", "debet", "af", "s", "soll", "outflow", "out", "-"];
const CREDIT = ["c", "cr", "k", "credit", "bij", "h", "haben", "inflow", "in", "+"];

/** -1 for money out, 1 for money in; undefined for a word the bank's direction column should not hold. */
export function directionSign(cell: string): -1 | 1 | undefined {
  const word = /^[-+]$/.test(cell.trim()) ? cell.trim() : normaliseName(cell);
  if (DEBIT.includes(word)) return -1;
  if (CREDIT.includes(word)) return 1;
  return undefined;
}

export const DIRECTION_WORDS = "D/C, Af/Bij, S/H, K/D, Debit/Credit, Debet/Credit, inflow/outflow";

/** Words a status (or date) cell uses for an entry not yet booked. */
const PENDING = ["pending", "vorgemerkt", "in behandeling", "en attente", "pendiente", "authorised", "authorized"];

const LETTER = /\p{L}/u;

export function isPending(cell: string): boolean {
  // A cell without a letter (a date, an empty status) names no word: most cells, read on every row.
  if (!mayHoldLetter(cell) || !LETTER.test(cell)) return false;
  const words = ` ${normaliseName(cell)} `;
  return PENDING.some((p) => words.includes(` ${p} `));
}

/** Whether a cell has a character from "A" on: digits, signs and punctuation below it are no letters, and a date is only these. */
function mayHoldLetter(cell: string): boolean {
  for (let i = 0; i < cell.length; i++) if (cell.charCodeAt(i) >= 65) return true;
  return false;
}

/** A date cell without a digit is a label ("Total", "Closing balance", "Summe"), not a date. */
export function isLabel(cell: string): boolean {
  return !/\d/.test(cell) && !isPending(cell);
}

import type { Money } from "../../model/money";
import { FileError } from "../../model/statement";
import type { RowCells } from "./cells";
import type { ColumnMap } from "./columns";
import { DIRECTION_WORDS, directionSign } from "./words";

/** The entry's amount from the account holder's view: money in positive, money out negative. */
export function signedAmount(cells: RowCells, map: ColumnMap, currency: string): Money {
  return map.amount === undefined ? debitOrCredit(cells, map, currency) : directed(cells, map.amount, map.direction, currency);
}

/** A signed amount, or an unsigned one whose direction column says which way it went. */
function directed(cells: RowCells, column: number, direction: number | undefined, currency: string): Money {
  const amount = cells.money(column, currency);
  if (!amount) throw cells.error(column, "the row has a booking date but no amount");
  const word = cells.text(direction);
  if (direction === undefined || word === "") return amount;
  const sign = directionSign(word);
  if (!sign) throw cells.error(direction, `"${word}" is not a direction (${DIRECTION_WORDS})`);
  return withSign(amount, sign);
}

/**
 * Unsigned debit and credit columns. A debit cell may carry a minus already (money out all the
 * same); an empty or zero cell on one side means the other side holds the amount (ING-DiBa
 * fills the unused side with "0,00").
 */
function debitOrCredit(cells: RowCells, map: ColumnMap, currency: string): Money {
  const debit = cells.money(map.debit, currency);
  const credit = cells.money(map.credit, currency);
  const out = debit && debit.minor !== 0n ? debit : undefined;
  const into = credit && credit.minor !== 0n ? credit : undefined;
  if (out && into) {
    const [debitColumn, creditColumn] = [cells.label(map.debit!), cells.label(map.credit!)];
    throw new FileError(`the debit ${debitColumn} and the credit ${creditColumn} both hold an amount`, cells.line);
  }
  if (out) return withSign(out, -1);
  if (into) return withSign(into, 1);
  const zero = debit ?? credit;
  if (zero) return { ...zero, minor: 0n };
  const sides = [map.debit, map.credit].filter((c) => c !== undefined).map((c) => cells.label(c));
  throw new FileError(`the row has a booking date but no amount in ${sides.join(" or ")}`, cells.line);
}

function withSign(money: Money, sign: -1 | 1): Money {
  const magnitude = money.minor < 0n ? -money.minor : money.minor;
  return { ...money, minor: sign < 0 ? -magnitude : magnitude };
}

import { AmountError, parseAmount, type Money } from "../../model/money";
import { FileError } from "../../model/statement";
import { amountText, cellCurrency } from "./amount-text";
import type { DateCell } from "./date-pattern";
import { columnLabel, type Layout } from "./layout";
import type { Row } from "./records";
import type { Styles } from "./styles";

/** One row's cells, read as text, dates and amounts, with errors that name the line and the column. */
export class RowCells {
  constructor(
    readonly row: Row,
    private readonly layout: Layout,
    private readonly styles: Styles,
  ) {}

  get line(): number {
    return this.row.line;
  }

  /** The trimmed cell; "" for no column or a cell past the end of a short row. */
  text(column: number | undefined): string {
    return column === undefined ? "" : (this.row.cells[column] ?? "").trim();
  }

  date(column: number): DateCell {
    const text = this.text(column);
    const read = this.styles.readDate(text);
    if (!read) throw this.error(column, `"${text}" is not a date in the format ${this.styles.dateFormat}`);
    return read;
  }

  /** The amount in a cell, undefined when the cell is empty. */
  money(column: number | undefined, currency: string): Money | undefined {
    const text = this.text(column);
    if (text === "") return undefined;
    const plain = this.styles.readPlain(text, currency);
    if (plain) return plain;
    const cleaned = amountText(text);
    try {
      const money = parseAmount(cleaned.text, currency, this.styles.amounts);
      return cleaned.parenthesised ? { ...money, minor: -money.minor } : money;
    } catch (e) {
      if (e instanceof AmountError) throw this.error(column!, e.message.replace(`"${cleaned.text}"`, `"${text}"`));
      throw e;
    }
  }

  /** The currency a money cell's symbol names ("£12.00"). */
  symbolCurrency(columns: readonly (number | undefined)[]): string | undefined {
    for (const c of columns) {
      const currency = cellCurrency(this.text(c));
      if (currency) return currency;
    }
    return undefined;
  }

  label(column: number): string {
    return columnLabel(this.layout, column);
  }

  error(column: number, message: string): FileError {
    return new FileError(`${this.label(column)}: ${message}`, this.row.line);
  }
}

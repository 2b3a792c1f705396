import type { BankEntry, StatementEvent } from "../../model/statement";
import { FileError } from "../../model/statement";
import type { ParseContext, RecordReducer } from "../format";
import { RowCells } from "./cells";
import { ClosingBalances, type ClosingState } from "./closing";
import { usedColumns } from "./columns";
import type { DateCell } from "./date-pattern";
import type { Layout } from "./layout";
import { RowMapper } from "./row-mapper";
import type { Row } from "./records";
import type { Styles } from "./styles";
import { joinText } from "./text";
import { isLabel, isPending } from "./words";

export interface CsvReaderState {
  held: BankEntry | undefined;
  width: number | undefined;
  closing: ClosingState;
}

/**
 * Reads a file's records in order. Each entry is held until the next record is seen, because
 * a record without date or amount may continue its description (OCBC writes the rest of a
 * transaction's text on the row below it).
 */
export class CsvReader implements RecordReducer<Row, CsvReaderState> {
  private held: BankEntry | undefined;
  private width: number | undefined;
  private closing = new ClosingBalances();
  private readonly mapper: RowMapper;

  constructor(
    private readonly layout: Layout,
    private readonly styles: Styles,
    context: ParseContext,
  ) {
    this.mapper = new RowMapper(layout, context);
    if (layout.names.length > 0) this.width = layout.names.length;
  }

  static restore(state: CsvReaderState, layout: Layout, styles: Styles, context: ParseContext): CsvReader {
    const reader = new CsvReader(layout, styles, context);
    reader.held = state.held;
    reader.width = state.width;
    reader.closing = ClosingBalances.restore(state.closing);
    return reader;
  }

  /** Plain data to resume from after the last row read. */
  snapshot(): CsvReaderState {
    return { held: this.held, width: this.width, closing: this.closing.snapshot() };
  }

  step(row: Row): StatementEvent[] {
    if (isBlank(row)) return [];
    const cells = new RowCells(row, this.layout, this.styles);
    const dateText = cells.text(this.layout.columns.bookingDate);
    if (dateText === "") return this.dateless(cells);
    if (isLabel(dateText)) return [];
    this.checkWidth(row);
    const pending = isPending(dateText);
    const booking = pending ? this.pendingDate(cells) : cells.date(this.layout.columns.bookingDate);
    if (!booking) return [];
    if (!pending) this.closing.dated(booking.day);
    const { entry, balance } = this.mapper.read(cells, booking, pending);
    if (balance) this.closing.add(balance);
    if (!entry) return [];
    const released = this.release();
    this.held = entry;
    return released;
  }

  /** The last entry, then one closing balance per account from the balance column. */
  finish(): StatementEvent[] {
    return [...this.release(), ...this.closing.events()];
  }

  private release(): StatementEvent[] {
    const entry = this.held;
    this.held = undefined;
    return entry ? [{ type: "entry", entry }] : [];
  }

  /**
   * A card export's "Pending" in the date column: the authorisation is not booked yet. It is
   * kept, as pending, under its value date when the file gives one; without any date there is
   * nothing to place it on, and it is left out: it comes back booked, with a date, in a later export.
   */
  private pendingDate(cells: RowCells): DateCell | undefined {
    const column = this.layout.columns.valueDate;
    const text = cells.text(column);
    return text === "" || isPending(text) ? undefined : cells.date(column!);
  }

  /**
   * A record without a booking date. With an amount it is an error. With text only in the
   * description columns it continues the entry above; otherwise it is a label or a footer (a
   * disclaimer) and is skipped, as are rows whose date cell holds a label ("Total", "Summe").
   */
  private dateless(cells: RowCells): StatementEvent[] {
    const map = this.layout.columns;
    const money = [map.amount, map.debit, map.credit].find((c) => cells.text(c) !== "");
    if (money !== undefined) {
      throw new FileError(
        `the row has an amount in ${cells.label(money)} but no booking date in ${cells.label(map.bookingDate)}`,
        cells.line,
      );
    }
    const filled = cells.row.cells.flatMap((c, i) => (c.trim() === "" ? [] : [i]));
    if (this.held && filled.every((i) => map.description.includes(i))) {
      const description = joinText([this.held.description ?? "", ...filled.map((i) => cells.text(i))]);
      this.held = { ...this.held, description };
    }
    return [];
  }

  /** Every record has the header's number of cells, give or take one trailing empty cell. */
  private checkWidth(row: Row): void {
    const width = (this.width ??= this.firstWidth(row));
    const n = row.cells.length;
    const extraEmpty = n === width + 1 && row.cells[n - 1]!.trim() === "";
    const headerExtraEmpty = n === width - 1 && this.layout.names[width - 1] === "";
    if (n === width || extraEmpty || headerExtraEmpty) return;
    const expected = this.layout.names.length > 0 ? `the header names ${width} columns` : `the first row has ${width}`;
    throw new FileError(`the row has ${n} cells, but ${expected}`, row.line);
  }

  /** A file without header: the first record sets the width, and must hold every column the profile names. */
  private firstWidth(row: Row): number {
    const beyond = usedColumns(this.layout.columns).find((c) => c >= row.cells.length);
    if (beyond !== undefined) {
      throw new FileError(
        `the profile names column ${beyond}, but the row has only ${row.cells.length} cells (0 is the first)`,
        row.line,
      );
    }
    return row.cells.length;
  }
}

function isBlank(row: Row): boolean {
  for (const cell of row.cells) if (cell.trim() !== "") return false;
  return true;
}

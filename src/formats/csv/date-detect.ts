import { compileDatePattern, type DateReader } from "./date-pattern";

/** A date cell of the sample, with where it came from for messages. */
export interface SampleDate {
  text: string;
  line: number;
  /** How messages name the column: `column "Datum"`. */
  column: string;
}

/**
 * Formats tried on a file whose profile names none. Day-first and month-first forms are both
 * listed: the sample decides, and a sample that fits both is refused rather than guessed.
 */
const CANDIDATES = [
  "YYYY-MM-DD", "YYYYMMDD", "YYYY/MM/DD", "YYYY.MM.DD.", "YYYY.MM.DD", "YYYY:MM:DD",
  "DD.MM.YYYY", "D.M.YYYY", "DD.MM.YY", "D.M.YY",
  "DD/MM/YYYY", "MM/DD/YYYY", "D/M/YYYY", "M/D/YYYY", "DD/MM/YY", "MM/DD/YY",
  "DD-MM-YYYY", "MM-DD-YYYY", "D-M-YYYY",
  "D MMM YYYY", "D MMM YY", "D-MMM-YYYY", "D-MMM-YY",
];

const READERS = CANDIDATES.map((pattern) => ({ pattern, read: compileDatePattern(pattern) as DateReader }));

export type Detected = { pattern: string; read: DateReader } | { problem: string; line: number };

/**
 * The one date format that reads every sample date the same way. A date no format left reads
 * does not count: the row it is on is refused later, with the format the other dates chose.
 */
export function detectDateFormat(sample: readonly SampleDate[]): Detected | undefined {
  const first = sample[0];
  if (!first) return undefined;
  let fitting = READERS;
  for (const s of sample) {
    const left = fitting.filter((r) => r.read(s.text));
    if (left.length > 0) fitting = left;
  }
  if (fitting === READERS) return unreadable(first);
  const [chosen, ...others] = fitting;
  for (const s of sample) {
    const day = chosen!.read(s.text)?.day;
    const other = day && others.find((r) => r.read(s.text)?.day !== day);
    if (other) {
      return {
        problem: `dates like ${s.text} can be ${chosen!.pattern} or ${other.pattern}: set dateFormat in the profile`,
        line: s.line,
      };
    }
  }
  return chosen!;
}

function unreadable(s: SampleDate): Detected {
  return {
    problem: `${s.column}: "${s.text}" is not a date in any format I recognise (such as YYYY-MM-DD, DD.MM.YYYY, MM/DD/YYYY, DD MMM YYYY): set dateFormat in the profile`,
    line: s.line,
  };
}

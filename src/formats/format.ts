import type { Profile } from "../model/profile";
import type { StatementEvent } from "../model/statement";

export interface ParseContext {
  /** The file's name within its source, for messages. */
  fileName: string;
  /** The source folder: the account id of last resort for files that name no account. */
  source: string;
  profile?: Profile | undefined;
}

/**
 * A file format: decoded text chunks in, statement events out, streaming.
 * Throws FileError (with the line) on anything it cannot read exactly.
 */
export type FormatParser = (text: AsyncIterable<string>, context: ParseContext) => AsyncIterable<StatementEvent>;

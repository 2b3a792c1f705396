/**
 * Rewrites CRLF and lone CR line ends as LF, so the CSV reader sees one kind and line numbers
 * agree with splitLines: Rabobank's CR CR LF rows count as two line ends there too.
 */
export async function* toLf(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let crAtEnd = false;
  for await (const chunk of chunks) {
    const text: string = crAtEnd && chunk.startsWith("\n") ? chunk.slice(1) : chunk;
    crAtEnd = text.endsWith("\r");
    if (text) yield text.replace(/\r\n?/g, "\n");
  }
}

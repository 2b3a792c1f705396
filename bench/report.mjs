// What the bench prints: progress on stderr, and on stdout the table of figures in Markdown,
// so the same text reads in a terminal and pastes into BENCHMARKS.md.
const started = performance.now();

export function progress(message) {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

const cell = (text) => String(text).replaceAll("|", "\\|");

/** figures: { figure, value, target, pass? } (no `pass`: a figure shown for information). */
export function table(header, figures) {
  const rows = figures.map((f) => `| ${cell(f.figure)} | ${cell(f.value)} | ${cell(f.target)} | ${f.pass === undefined ? "—" : f.pass ? "pass" : "**FAIL**"} |`);
  const judged = figures.filter((f) => f.pass !== undefined);
  const met = judged.filter((f) => f.pass).length;
  return [header, "", "| figure | value | target | pass/fail |", "|---|---|---|---|", ...rows, "", `${met} of ${judged.length} targets met.`].join("\n");
}

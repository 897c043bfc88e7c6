// CSV writing for exports. Values come from hostile ad pages, and exports are opened in
// spreadsheets: a cell starting with = + - @ (or tab/CR) would run as a formula, so such cells are
// prefixed with a quote (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;
// Plain numbers such as E.164 phones (+49…) or negative values are data, not formulas.
const PLAIN_NUMBER = /^[+-]?\d[\d ]*(\.\d+)?$/;

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\n`;
}

/** Joins a list into one cell; `;` is the documented separator inside list cells. */
export function csvList(values: readonly unknown[] | undefined): string {
  return (values ?? []).map(String).join(';');
}

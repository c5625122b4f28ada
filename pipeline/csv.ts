/** CSV as exports write it: RFC 4180, comma-separated, CRLF line ends, fields quoted when needed. */

/** One record, line end included; null and undefined are empty fields. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map((value) => csvField(value === null || value === undefined ? "" : String(value))).join(",")}\r\n`;
}

function csvField(value: string): string {
  // a leading = + - @ would make a spreadsheet run the text as a formula
  const safe = /^[=+\-@]/.test(value) && Number.isNaN(Number(value)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

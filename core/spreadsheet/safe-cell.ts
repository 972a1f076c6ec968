/**
 * A spreadsheet cell that starts like a formula (=, +, -, @, or a leading tab/CR) is written as text with a leading ',
 * so opening an export never runs what someone typed into a form. Numbers and empty cells pass through.
 */
export function safeCell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  const s = String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

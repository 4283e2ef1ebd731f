/** Makes an IdSchema-valid id (letters, digits, `_ . : -`, ≤ 64, starting alphanumeric) from any text. */
export function toSourceId(text: string): string {
  let s = text.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 64);
  if (!/^[A-Za-z0-9]/.test(s)) s = `x${s}`.slice(0, 64);
  return s;
}

/**
 * `<input type="datetime-local">` speaks local wall-clock time without a zone; the API speaks
 * ISO 8601 with one. These two convert in the browser's time zone.
 */
const pad = (n: number) => String(n).padStart(2, '0');

export function toLocalInput(date: Date | string | null | undefined): string {
  if (date == null || date === '') return '';
  const d = typeof date === 'string' ? new Date(date) : date;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "" stays "" (no time); anything the browser cannot read is passed on for the schema to reject. */
export function fromLocalInput(value: string): string {
  if (value.trim() === '') return '';
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

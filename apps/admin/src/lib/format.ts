/**
 * The browser's own variant of the app's language when it has one (en-GB writes 27 Nov 2026,
 * en-US Nov 27, 2026), else the app's language itself.
 */
export function regionalLocale(
  appLocale: string,
  preferred: readonly string[] = globalThis.navigator?.languages ?? [],
) {
  const language = appLocale.split('-')[0]?.toLowerCase();
  return preferred.find((tag) => tag.toLowerCase().split('-')[0] === language) ?? appLocale;
}

/** True when an ISO time is in the past (a planned follow-up that was missed). */
export function isOverdue(iso: string | null | undefined, now = Date.now()): boolean {
  return iso != null && Date.parse(iso) < now;
}

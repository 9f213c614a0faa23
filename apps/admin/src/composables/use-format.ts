import type { ChoiceField } from '@crm/schema';
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

/** Dates in the user's language and time zone (the browser's), choices as translated labels. */
export function useFormat() {
  const { t, locale } = useI18n();
  const dateTimeFormat = computed(
    () => new Intl.DateTimeFormat(regionalLocale(locale.value), { dateStyle: 'medium', timeStyle: 'short' }),
  );

  function dateTime(iso: string | null | undefined): string {
    if (!iso) return t('common.none');
    return dateTimeFormat.value.format(new Date(iso));
  }

  function choice(field: ChoiceField, value: string): string {
    return t(`choices.${field}.${value}`);
  }

  return { dateTime, choice };
}

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

import type { ChoiceField } from '@crm/schema/choices';
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { regionalLocale } from '@/lib/format';

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

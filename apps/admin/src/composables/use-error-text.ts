import { useI18n } from 'vue-i18n';
import type { FieldMessage } from '@/lib/validation';

/**
 * Words for a field error in the chosen language: our own validation's errors by their code and
 * parameters (`validation.*` in the locales), the server's (a check only it can make, like an
 * unknown customer) as it wrote them.
 */
export function useErrorText() {
  const { t } = useI18n();
  return (error: FieldMessage): string => {
    if (typeof error === 'string') return error;
    return error.code === null ? error.message : t(`validation.${error.code}`, error.params);
  };
}

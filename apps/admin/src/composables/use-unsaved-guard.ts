import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { onBeforeRouteLeave } from 'vue-router';
import { confirmAction } from './use-confirm';

/** Warns before leaving a form with unsaved changes: in-app navigation and closing the tab. */
export function useUnsavedGuard(dirty: Ref<boolean>) {
  const { t } = useI18n();
  const beforeUnload = (event: BeforeUnloadEvent) => {
    if (dirty.value) event.preventDefault();
  };
  onMounted(() => window.addEventListener('beforeunload', beforeUnload));
  onBeforeUnmount(() => window.removeEventListener('beforeunload', beforeUnload));
  onBeforeRouteLeave(async () => {
    if (!dirty.value) return true;
    return confirmAction(t('common.unsaved'), t('common.leave'));
  });
}

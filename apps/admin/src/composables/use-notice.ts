import { ref } from 'vue';

/** A short success message, read out by screen readers through App.vue's live region. */
export const notice = ref('');
let timer: ReturnType<typeof setTimeout> | undefined;

export function notify(message: string): void {
  notice.value = message;
  clearTimeout(timer);
  timer = setTimeout(() => {
    notice.value = '';
  }, 5000);
}

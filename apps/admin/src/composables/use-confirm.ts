import { shallowRef } from 'vue';

interface Request {
  message: string;
  confirmLabel: string;
  resolve: (ok: boolean) => void;
}

/** One app-wide confirmation dialog (ConfirmDialog.vue in App.vue) that any screen can await. */
export const pendingConfirm = shallowRef<Request | null>(null);

export function confirmAction(message: string, confirmLabel: string): Promise<boolean> {
  pendingConfirm.value?.resolve(false);
  return new Promise((resolve) => {
    pendingConfirm.value = { message, confirmLabel, resolve };
  });
}

export function settleConfirm(ok: boolean): void {
  const request = pendingConfirm.value;
  pendingConfirm.value = null;
  request?.resolve(ok);
}

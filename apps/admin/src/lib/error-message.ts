import { permissionDenied, userInactive } from '@crm/schema/permissions';
import { ApiError, NetworkError } from '@/api/client';

/** A message for the user from anything a request can throw; `t` turns keys into words. */
export function errorMessage(error: unknown, t: (key: string) => string): string {
  if (error instanceof NetworkError) return t('common.networkError');
  // DRF's PermissionDenied in the user's language; a 403 with its own reason keeps the server's words.
  if (error instanceof ApiError && error.status === 403 && error.message === permissionDenied) {
    return t('common.forbidden');
  }
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Why a key stopped working, from the 401's body: the log-in screen says which. */
export function unauthorizedReason(body: unknown): 'inactive' | 'expired' {
  const detail = typeof body === 'object' && body !== null ? (body as { detail?: unknown }).detail : undefined;
  return detail === userInactive ? 'inactive' : 'expired';
}

/** A form's errors from a failed request: the server's per-field ones beside their fields, the rest as one message. */
export function formErrors(
  error: unknown,
  t: (key: string) => string,
): { fields: Record<string, string[]>; message: string } {
  const fields = error instanceof ApiError ? error.fieldErrors : {};
  const general = fields.non_field_errors?.join(' ');
  if (general !== undefined || Object.keys(fields).length === 0)
    return { fields, message: general ?? errorMessage(error, t) };
  return { fields, message: '' };
}

import { ApiError, NetworkError } from '@/api/client';

/** A message for the user from anything a request can throw; `t` turns keys into words. */
export function errorMessage(error: unknown, t: (key: string) => string): string {
  if (error instanceof NetworkError) return t('common.networkError');
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

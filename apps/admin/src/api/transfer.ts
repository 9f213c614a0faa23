import type { ImportReport } from '@crm/schema';
import { ApiError, authFetch, authHeaders, handleUnauthorized, NetworkError } from './client';

/**
 * CSV import and export. Import uses XMLHttpRequest because fetch cannot report upload
 * progress; it shares the client's key and 401 path.
 */

export function uploadCsv(file: Blob, onProgress: (fraction: number) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/customer/import/');
    for (const [name, value] of Object.entries(authHeaders())) request.setRequestHeader(name, value);
    request.setRequestHeader('Content-Type', 'text/csv');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onerror = () => reject(new NetworkError('The upload failed.'));
    request.onload = () => {
      let body: unknown = request.responseText;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // Not JSON: keep the text for the error message.
      }
      try {
        if (request.status === 401) handleUnauthorized(body);
        if (request.status < 200 || request.status >= 300) throw new ApiError(request.status, body);
        onProgress(1);
        resolve(body as ImportReport);
      } catch (error) {
        reject(error);
      }
    };
    request.send(file);
  });
}

/** Downloads `GET /api/customer/export/` with the given filters as a CSV file. */
export async function downloadExport(query: Record<string, string>): Promise<void> {
  const response = await authFetch(`/api/customer/export/?${new URLSearchParams(query)}`);
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? 'customers.csv';
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

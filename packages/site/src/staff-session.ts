import { ApiError, tenantId } from './api.js';
import { h } from './dom.js';

/** Where the staff's session is kept, for this tab only: the staff page signs in, the orientation page reads it. */
export const staffSessionKey = `entraide:staff-session:${tenantId ?? ''}`;

/**
 * Downloads a staff CSV export (`path` under the tenant's API) with the session's bearer: a file
 * link cannot carry the header, so the page fetches it and hands the browser the bytes.
 */
export async function downloadStaffCsv(path: string, session: string, fileName: string): Promise<void> {
  const response = await fetch(`/t/${tenantId ?? ''}/api${path}`, { headers: { authorization: `Bearer ${session}` } });
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, 'export', []);
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

import { tenantId } from './api.js';

/** Where the staff's session is kept, for this tab only: the staff page signs in, the orientation page reads it. */
export const staffSessionKey = `entraide:staff-session:${tenantId ?? ''}`;

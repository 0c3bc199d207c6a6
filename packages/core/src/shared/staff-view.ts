/** A record as staff see it: without its tenant, its version and the hash of its link's token (which no one reads back). */
export type StaffView<R> = Omit<R, 'tenantId' | 'tokenHash' | 'version'>;

export function staffView<R extends { tenantId: string; tokenHash: string; version: number }>(record: R): StaffView<R> {
  const { tenantId: _tenant, tokenHash: _token, version: _version, ...shown } = record;
  return shown;
}

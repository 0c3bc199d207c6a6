/** A tenant config refused: the source (file or variable) and every bad field. In a module without zod, so a reader that needs only this loads no schema. */
export class TenantConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid tenant config ${source}: ${problems.join('; ')}`);
    this.name = 'TenantConfigError';
  }
}

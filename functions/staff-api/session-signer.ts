import type { RandomSource, SessionSigner, StaffAccessStore, StaffRole, StaffSession } from '@entraide/core';
import { decodeJwt, jwtVerify, SignJWT } from 'jose';

/**
 * Staff sessions as JWTs (HS256) whose issuer and audience are the tenant. The key is the
 * tenant's own secret, created once in its table (a conditional put) and read once per container.
 */
export function joseSessionSigner(options: { tenantId: string; staffAccess: StaffAccessStore; random: RandomSource }): SessionSigner {
  const { tenantId } = options;
  let key: Promise<Uint8Array> | undefined;
  const secretKey = (): Promise<Uint8Array> => {
    key ??= options.staffAccess.sessionSecret(tenantId, options.random.secret()).then(
      (secret) => new TextEncoder().encode(secret),
      (error: unknown) => {
        key = undefined;
        throw error;
      },
    );
    return key;
  };

  return {
    async sign(session: StaffSession): Promise<string> {
      return new SignJWT({ role: session.role })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(tenantId)
        .setAudience(tenantId)
        .setSubject(session.email)
        .setIssuedAt()
        .setExpirationTime(Math.floor(session.expiresAt.getTime() / 1000))
        .setJti(options.random.id())
        .sign(await secretKey());
    },

    async verify(token: string) {
      try {
        const { payload } = await jwtVerify(token, await secretKey(), { algorithms: ['HS256'], issuer: tenantId, audience: tenantId });
        const role = payload.role;
        if ((role !== 'staff' && role !== 'admin') || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return 'invalid';
        return { tenantId, email: payload.sub, role: role as StaffRole, expiresAt: new Date(payload.exp * 1000) };
      } catch {
        // Not ours: say "another tenant" only when it plainly names one (still refused, nothing read).
        try {
          const claims = decodeJwt(token);
          return typeof claims.iss === 'string' && claims.iss !== tenantId ? 'other_tenant' : 'invalid';
        } catch {
          return 'invalid';
        }
      }
    },
  };
}

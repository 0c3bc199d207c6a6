import { forEachTenant } from '@entraide/core';

/**
 * `npm run digest [tenant…]`: runs the staff digest now for every tenant (or the ones named) of
 * the running `npm start`, through its `POST /_local/jobs/digest?tenant=` — the same registry as
 * the scheduled-jobs function. A tenant that fails is reported and the next one still runs.
 */
const base = `http://127.0.0.1:${process.env.PORT || 3000}`;

async function main(): Promise<number> {
  let tenantIds = process.argv.slice(2);
  if (tenantIds.length === 0) {
    const index = await fetch(`${base}/tenants.json`).catch(() => undefined);
    if (!index?.ok) {
      console.error(`No local platform answers at ${base}: start it with \`npm start\` (or set PORT).`);
      return 2;
    }
    tenantIds = ((await index.json()) as { id: string }[]).map((tenant) => tenant.id);
  }
  const outcomes = await forEachTenant(tenantIds, async (tenantId) => {
    const response = await fetch(`${base}/_local/jobs/digest?tenant=${encodeURIComponent(tenantId)}`, { method: 'POST' });
    const body = (await response.json()) as { summary?: Record<string, unknown>; error?: { message: string } };
    if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
    return body.summary ?? {};
  });
  for (const outcome of outcomes) {
    const summary = outcome.result as { mailsSent?: number; nothingToSay?: boolean } | undefined;
    console.log(
      outcome.ok
        ? `${outcome.tenantId.padEnd(20)} ${summary?.nothingToSay ? 'rien à signaler' : `${summary?.mailsSent ?? 0} mail(s) envoyé(s)`}`
        : `${outcome.tenantId.padEnd(20)} ÉCHEC : ${outcome.error}`,
    );
  }
  console.log(`\nOutbox: http://127.0.0.1:${process.env.SES_PORT || 8005}/`);
  return outcomes.every((outcome) => outcome.ok) ? 0 : 1;
}

process.exitCode = await main();

import type { DoctorContext } from '../context.js';
import { portOf } from '../probe/endpoints.js';
import { tlsProbe } from '../probe/tls.js';
import { fail, ok, warn, type CheckRow } from '../report.js';
import type { HostTarget } from '../targets.js';

const dayMs = 86_400_000;

/** Each public host resolves, serves TLS, and its certificate verifies, covers it and is not about to expire. */
export async function tlsChecks(ctx: DoctorContext): Promise<CheckRow[]> {
  return Promise.all(ctx.targets.hosts.map((host) => tlsCheck(ctx, host)));
}

async function tlsCheck(ctx: DoctorContext, target: HostTarget): Promise<CheckRow> {
  const { host } = target;
  const result = await tlsProbe(ctx.net, host, portOf(new URL(target.publicUrl)), ctx.deadline.probeMs());
  const resolverFix = `Traefik gets the certificate for ${host} from the resolver \`${target.certResolver}\`; its log says why it has none (ACME errors, rate limits, DNS that does not point at Traefik).`;
  if (!result.ok) {
    return fail('tls', host, result.error, `${host} must resolve to Traefik, which must accept TLS on the entrypoint \`${target.entrypoint}\` (port 443). Check DNS and that Traefik runs; see ${target.runbook}, "Cannot access the UI".`);
  }
  const cert = result.answer;
  const days = Math.floor((cert.validTo.getTime() - ctx.now().getTime()) / dayMs);
  const validity = `valid until ${cert.validTo.toISOString().slice(0, 10)} (${days} days)`;
  const seen = `${cert.where}: certificate for ${cert.subject || 'no CN'}, ${validity}`;
  if (cert.coverError !== undefined) return fail('tls', host, `${seen}; it does not cover ${host}: ${cert.coverError}`, resolverFix);
  if (days < 0) return fail('tls', host, `${seen}: expired`, resolverFix);
  if (!cert.trusted && !ctx.net.insecure) return fail('tls', host, `${seen}; it does not verify: ${cert.trustError ?? 'untrusted'}`, resolverFix);
  const warnings = [
    ...(cert.trusted ? [] : [`not verified (${cert.trustError ?? 'untrusted'}), accepted because of --insecure`]),
    ...(days < ctx.expiryWarnDays ? [`expires in less than ${ctx.expiryWarnDays} days`] : []),
  ];
  if (warnings.length > 0) return warn('tls', host, `${seen}; ${warnings.join('; ')}`, `${cert.trusted ? 'Renewal is overdue.' : 'Without --insecure this is a failure.'} ${resolverFix}`);
  return ok('tls', host, `${seen}, verified, covers the host`);
}

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
  // Problems that make the certificate unusable; --insecure (as curl's -k) accepts them, as warnings.
  const problems = [
    ...(cert.coverError !== undefined ? [`it does not cover ${host}: ${cert.coverError}`] : []),
    ...(days < 0 ? ['expired'] : []),
    // With a CA given, Node reports a name mismatch as a trust error too: said once, above.
    ...(cert.trusted || cert.trustError === 'ERR_TLS_CERT_ALTNAME_INVALID' ? [] : [`it does not verify: ${cert.trustError ?? 'untrusted'}`]),
  ];
  if (problems.length > 0 && !ctx.net.insecure) return fail('tls', host, `${seen}; ${problems.join('; ')}`, resolverFix);
  if (problems.length > 0) return warn('tls', host, `${seen}; ${problems.join('; ')}; accepted because of --insecure`, `Without --insecure this is a failure. ${resolverFix}`);
  if (days < ctx.expiryWarnDays) return warn('tls', host, `${seen}; expires in less than ${ctx.expiryWarnDays} days`, `Renewal is overdue. ${resolverFix}`);
  return ok('tls', host, `${seen}, verified, covers the host`);
}

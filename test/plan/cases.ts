import type { ChangeKind } from '../../src/plan/kinds.js';

/** Replace `from` (which must occur exactly once) with `to`. */
export type Edit = readonly [from: string, to: string];

/**
 * One edit to an example per change kind: the config `before` is the example with `before` edits
 * (recorded as if built), `after` is the example with `after` edits (the config the plan reads).
 */
export interface PlanCase {
  readonly name: string;
  readonly example: 'platform' | 'perfect';
  /** The kind this case is for; the plan must contain it. */
  readonly kind: ChangeKind | 'none';
  readonly before?: readonly Edit[];
  readonly after: readonly Edit[];
  readonly failOn?: readonly ChangeKind[];
}

const statusApp = `
  - name: status
    kind: web
    title: Status Page
    host: status.zitian.party
    access:
      mode: public
      reason: The public status page; it shows no private data.
    image: louislam/uptime-kuma:1.23.16
    port: 3001
`;

const grafanaApp = `
  - name: grafana
    kind: web
    host: grafana.zitian.party
    access:
      mode: sso
      groups:
        - platform-admins
    image: grafana/grafana:12.1.1
    port: 3000
`;

const cacheApp = `
  - name: cache-warmer
    kind: internal
    image: ghcr.io/zitian/cache-warmer:0.3.0
    port: 9000
`;

const wikiPublic: Edit = [
  `    access:
      mode: sso
      groups:
        - platform-admins
        - staff
    image: outlinewiki`,
  `    access:
      mode: public
      reason: Read-only documentation for customers.
    image: outlinewiki`,
];

const reporterApp = `
  - name: reporter
    kind: internal
    environment: production
    image: ghcr.io/zitian/reporter:2.0.1
    command: [reporter]
    secrets:
      - env: MAIL_TOKEN
        path: secret/platform/{env}/reporter
        key: mail_token
`;

const notifierSecret = `      - env: SMTP_PASSWORD
        path: secret/platform/{env}/notifier
        key: smtp_password
`;
const notifierTwoKeys: Edit = [notifierSecret, notifierSecret + `      - env: SMTP_USER\n        path: secret/platform/{env}/notifier\n        key: smtp_user\n`];
const notifierNoSecrets: Edit = [`    command: [/usr/local/bin/notifier, serve]\n    secrets:\n${notifierSecret}`, `    command: [/usr/local/bin/notifier, serve]\n`];
const appendApp = (text: string): Edit => [notifierSecret, notifierSecret + text];
const prefectStaff: Edit = ['        - platform-admins\n    image: prefecthq', '        - platform-admins\n        - staff\n    image: prefecthq'];
const wikiSlug: Edit = ['      mode: sso\n      groups:\n        - platform-admins\n        - staff\n', '      mode: sso\n      slug: team-wiki\n      groups:\n        - platform-admins\n        - staff\n'];
const smokeDeployment = `          - name: smoke
            entrypoint: flows/smoke.py:smoke
            description: Checks that the staging warehouse answers.
            interval: 900
`;

export const planCases: readonly PlanCase[] = [
  { name: 'no-changes', example: 'platform', kind: 'none', after: [] },
  { name: 'public-route', example: 'platform', kind: 'public-route', after: [appendApp(statusApp)] },
  { name: 'sso-removed', example: 'platform', kind: 'sso-removed', after: [wikiPublic] },
  { name: 'fail-on', example: 'platform', kind: 'sso-removed', after: [wikiPublic], failOn: ['public-route', 'sso-removed', 'policy-widened'] },
  { name: 'sso-group-added', example: 'platform', kind: 'sso-group-added', after: [['        - platform-admins\n        - staff\n', '        - platform-admins\n        - staff\n        - contractors\n']] },
  { name: 'host-exposed', example: 'platform', kind: 'host-exposed', after: [appendApp(grafanaApp)] },
  { name: 'host-changed', example: 'platform', kind: 'host-changed', after: [['host: wiki.zitian.party', 'host: docs.zitian.party']] },
  { name: 'sso-group-removed', example: 'platform', kind: 'sso-group-removed', after: [['        - platform-admins\n        - staff\n', '        - platform-admins\n']] },
  { name: 'sso-added', example: 'platform', kind: 'sso-added', before: [wikiPublic], after: [] },
  { name: 'host-removed', example: 'platform', kind: 'host-removed', before: [appendApp(grafanaApp)], after: [] },
  { name: 'secret-read-added', example: 'platform', kind: 'secret-read-added', after: [notifierTwoKeys] },
  {
    name: 'server-secret-added',
    example: 'platform',
    kind: 'secret-read-added',
    after: [['      docketDb: 2\n', '      docketDb: 2\n    secrets:\n      - env: SENTRY_DSN\n        path: secret/platform/{env}/prefect\n        key: sentry_dsn\n']],
  },
  {
    name: 'secret-consumer-added',
    example: 'perfect',
    kind: 'secret-consumer-added',
    // A new work pool's worker reads Prefect's API auth string.
    after: [['        environment: staging\n        workers: 1\n', '        environment: staging\n        workers: 1\n      - name: backfill-pool\n        environment: production\n']],
  },
  { name: 'policy-widened', example: 'platform', kind: 'policy-widened', after: [['        path: secret/platform/{env}/notifier\n', '        path: secret/platform/shared/smtp\n']] },
  { name: 'new-app-with-secrets', example: 'platform', kind: 'policy-widened', after: [appendApp(reporterApp)] },
  { name: 'policy-narrowed', example: 'platform', kind: 'policy-narrowed', before: [['        path: secret/platform/{env}/notifier\n', '        path: secret/platform/shared/smtp\n']], after: [] },
  { name: 'secret-read-removed', example: 'platform', kind: 'secret-read-removed', before: [notifierTwoKeys], after: [] },
  { name: 'secret-consumer-removed', example: 'platform', kind: 'secret-consumer-removed', after: [notifierNoSecrets] },
  { name: 'authentik-created', example: 'platform', kind: 'authentik-created', after: [prefectStaff] },
  { name: 'application-renamed', example: 'platform', kind: 'authentik-changed', after: [wikiSlug] },
  { name: 'authentik-changed', example: 'platform', kind: 'authentik-changed', after: [['      mode: sso\n      groups:\n        - platform-admins\n        - staff\n', '      mode: sso\n      tokenValidity: hours=8\n      groups:\n        - platform-admins\n        - staff\n']] },
  { name: 'authentik-removed', example: 'platform', kind: 'authentik-removed', before: [prefectStaff], after: [] },
  { name: 'image-changed', example: 'platform', kind: 'image-changed', after: [['image: prefecthq/prefect:3.9.1-python3.12', 'image: prefecthq/prefect:3.10.0-python3.12']] },
  { name: 'workers-changed', example: 'platform', kind: 'workers-changed', after: [['        workers: 2\n', '        workers: 4\n']] },
  { name: 'concurrency-changed', example: 'platform', kind: 'concurrency-changed', after: [['workerConcurrencyLimit: 4\n', 'workerConcurrencyLimit: 8\n        poolConcurrencyLimit: 12\n']] },
  { name: 'deployment-added', example: 'platform', kind: 'deployment-added', before: [[smokeDeployment, '']], after: [] },
  { name: 'deployment-removed', example: 'platform', kind: 'deployment-removed', after: [[smokeDeployment, '']] },
  { name: 'schedule-changed', example: 'platform', kind: 'schedule-changed', after: [['cron: "30 * * * *"', 'cron: "*/15 * * * *"']] },
  { name: 'service-reachable', example: 'platform', kind: 'service-reachable', after: [appendApp(cacheApp)] },
  { name: 'containers-renamed', example: 'perfect', kind: 'service-reachable', after: [['    prefix: platform-\n', '    prefix: plat-\n']] },
  { name: 'service-removed', example: 'platform', kind: 'service-removed', before: [appendApp(cacheApp)], after: [] },
  {
    name: 'several-kinds',
    example: 'platform',
    kind: 'public-route',
    after: [
      appendApp(statusApp),
      ['        - platform-admins\n        - staff\n', '        - platform-admins\n        - staff\n        - contractors\n'],
      ['        path: secret/platform/{env}/notifier\n', '        path: secret/platform/shared/smtp\n'],
      ['image: prefecthq/prefect:3.9.1-python3.12', 'image: prefecthq/prefect:3.10.0-python3.12'],
      ['        workers: 2\n', '        workers: 4\n'],
    ],
    failOn: ['public-route', 'sso-removed', 'policy-widened'],
  },
  { name: 'files-changed', example: 'platform', kind: 'files-changed', after: [['    healthPath: /_health\n', '    healthPath: /healthz\n']] },
];

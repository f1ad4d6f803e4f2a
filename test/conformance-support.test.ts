import { describe, expect, it } from 'vitest';
import {
  checkGoTemplate,
  parseBlueprint,
  parseHcl1,
  parseHcl2,
  renderGoTemplate,
  validateBlueprint,
  validateCompose,
  validateTraefik,
} from './support/conformance.js';

describe('validateCompose', () => {
  it('accepts a minimal compose file', () => {
    const doc = { services: { web: { image: 'nginx:1.27', ports: ['8080:80'], restart: 'unless-stopped' } }, volumes: { data: {} } };
    expect(validateCompose(doc)).toEqual([]);
  });

  it('reports wrong types and unknown keys with their paths', () => {
    const errors = validateCompose({ services: { web: { image: 42, bogus: true } } });
    expect(errors).toContain('/services/web/image must be string');
    expect(errors).toContain('/services/web must NOT have additional properties: bogus');
  });
});

describe('validateTraefik', () => {
  const valid = {
    http: {
      routers: { app: { rule: 'Host(`perfect.example.com`)', service: 'app', middlewares: ['authentik'], priority: 10 } },
      services: { app: { loadBalancer: { servers: [{ url: 'http://app:4200' }] } } },
      middlewares: {
        authentik: {
          forwardAuth: {
            address: 'http://authentik-server:9000/outpost.goauthentik.io/auth/traefik',
            trustForwardHeader: true,
            maxResponseBodySize: 4194304,
            authResponseHeaders: ['X-authentik-username'],
          },
        },
      },
    },
  };

  it('accepts a minimal dynamic file', () => {
    expect(validateTraefik(valid)).toEqual([]);
  });

  it('rejects a router without service and with a negative priority', () => {
    const errors = validateTraefik({ http: { routers: { app: { rule: 'Host(`a.example.com`)', priority: -1 } } } });
    expect(errors).toContain("/http/routers/app must have required property 'service'");
    expect(errors).toContain('/http/routers/app/priority must be >= 0');
  });
});

// research/authentik-traefik.md A2
const blueprintSketch = `version: 1
metadata: {name: perfect-gen prefect, labels: {blueprints.goauthentik.io/instantiate: "true"}}
entries:
  - {model: authentik_core.group, id: grp, identifiers: {name: prefect-users}}
  - model: authentik_providers_proxy.proxyprovider
    id: prov
    identifiers: {name: prefect}
    attrs:
      mode: forward_single
      external_host: https://perfect.example.com
      authorization_flow: !Find [authentik_flows.flow, [slug, default-provider-authorization-implicit-consent]]
      invalidation_flow: !Find [authentik_flows.flow, [slug, default-provider-invalidation-flow]]
      access_token_validity: hours=24
  - model: authentik_core.application
    id: app
    identifiers: {slug: prefect}
    attrs: {name: Prefect, provider: !KeyOf prov, meta_launch_url: "https://perfect.example.com/", policy_engine_mode: any}
  - model: authentik_policies.policybinding
    identifiers: {target: !KeyOf app, order: 0}
    attrs: {group: !KeyOf grp}
  - model: authentik_outposts.outpost
    identifiers: {managed: goauthentik.io/outposts/embedded}   # or name: authentik Embedded Outpost
    attrs: {providers: [!KeyOf prov]}                          # FULL list: replaces
`;

describe('parseBlueprint', () => {
  it('resolves authentik tags to { $ak, args }, nested ones included', () => {
    const doc = parseBlueprint(blueprintSketch) as { entries: { attrs?: Record<string, unknown> }[] };
    expect(doc.entries[1]?.attrs?.['authorization_flow']).toEqual({
      $ak: '!Find',
      args: ['authentik_flows.flow', ['slug', 'default-provider-authorization-implicit-consent']],
    });
    expect(doc.entries[4]?.attrs?.['providers']).toEqual([{ $ak: '!KeyOf', args: 'prov' }]);
    expect(parseBlueprint('x: !Format ["%s/", !Env [HOST, localhost]]')).toEqual({
      x: { $ak: '!Format', args: ['%s/', { $ak: '!Env', args: ['HOST', 'localhost'] }] },
    });
  });

  it('reads YAML 1.1 like PyYAML', () => {
    expect(parseBlueprint('a: yes\nb: off\nc: 12:30')).toEqual({ a: true, b: false, c: 750 });
  });

  it('throws on unknown tags', () => {
    expect(() => parseBlueprint('a: !Nope x')).toThrow(/!Nope/);
  });
});

describe('validateBlueprint', () => {
  it('accepts the research sketch with its tags', () => {
    expect(validateBlueprint(blueprintSketch)).toEqual([]);
  });

  it('reports a wrong attr type precisely, per entry', () => {
    const text = blueprintSketch.replace('policy_engine_mode: any}', 'policy_engine_mode: any, open_in_new_tab: "sure"}');
    expect(validateBlueprint(text)).toEqual(['/entries/2/attrs/open_in_new_tab must be boolean']);
  });

  it('reports enum values, missing identifiers and unknown models', () => {
    const text = `version: 1
entries:
  - {model: authentik_core.application, identifiers: {slug: x}, attrs: {policy_engine_mode: sometimes}}
  - {model: authentik_core.group, attrs: {name: g}}
  - {model: authentik_core.nope, identifiers: {name: n}}
`;
    expect(validateBlueprint(text)).toEqual([
      '/entries/0/attrs/policy_engine_mode must be equal to one of the allowed values: ["all","any"]',
      "/entries/1 must have required property 'identifiers'",
      '/entries/2/model unknown model "authentik_core.nope"',
    ]);
  });

  it('checks the top level', () => {
    expect(validateBlueprint('metadata: {labels: {a: 1}}\nentries: []')).toEqual([
      "/ must have required property 'version'",
      "/metadata must have required property 'name'",
      '/metadata/labels/a must be string',
    ]);
    expect(validateBlueprint('version: 2\nentries: []')).toEqual(['/version must be 1']);
  });

  it('returns YAML problems as errors', () => {
    const [error, ...rest] = validateBlueprint('version: 1\nentries:\n  - {model: authentik_core.group, identifiers: !KeyOf [x]}');
    expect(rest).toEqual([]);
    expect(error).toMatch(/^YAML TAG_RESOLVE_FAILED: .*!KeyOf/);
  });
});

// research/vault.md §1.4
const agentHcl = `vault {
  address = "http://vault:8200"          # or omit and set VAULT_ADDR on the service
  retry { num_retries = 5 }
}

auto_auth {
  method "approle" {
    mount_path = "auth/approle"
    config = {
      role_id_file_path                   = "/vault/approle/role-id"
      secret_id_file_path                 = "/vault/approle/secret-id"
      remove_secret_id_file_after_reading = false
    }
  }
  # no sink: templates use the auto-auth token directly
}

template_config {
  exit_on_retry_failure         = true
  static_secret_render_interval = "5m"
}

template {
  source               = "/vault/templates/prefect.env.ctmpl"
  destination          = "/vault/secrets/.env"
  perms                = "0640"
  error_on_missing_key = true
  backup               = false
}
`;
const invalidHcl = 'template {\n  source = \n}\n';

describe('HCL parsers', () => {
  it('parse the recommended agent.hcl with HCL v2', async () => {
    const doc = (await parseHcl2('agent.hcl', agentHcl)) as { template: Record<string, unknown>[] };
    expect(doc.template[0]).toMatchObject({ destination: '/vault/secrets/.env', perms: '0640', error_on_missing_key: true });
  });

  it('parse the recommended agent.hcl with HCL v1', () => {
    const doc = parseHcl1(agentHcl) as { template: Record<string, unknown>[]; template_config: unknown[] };
    expect(doc.template[0]).toMatchObject({ destination: '/vault/secrets/.env', perms: '0640', error_on_missing_key: true });
    expect(doc.template_config).toEqual([{ exit_on_retry_failure: true, static_secret_render_interval: '5m' }]);
  });

  it('reject invalid HCL with a position', async () => {
    await expect(parseHcl2('bad.hcl', invalidHcl)).rejects.toThrow(/bad\.hcl:\d+,\d+/);
    expect(() => parseHcl1(invalidHcl)).toThrow(/^unable to parse JSON: At \d+:\d+/);
  });

  it('show the v1/v2 difference on bare octal numbers', async () => {
    expect(parseHcl1('mode = 0640')).toEqual({ mode: 416 });
    expect(await parseHcl2('m.hcl', 'mode = 0640')).toEqual({ mode: 640 });
  });
});

// research/vault.md §2.3
const envTemplate = [
  '{{- /* generated by perfect-gen: do not edit */ -}}',
  '{{- with secret "secret/data/platform/production/postgres" -}}',
  'PREFECT_API_DATABASE_CONNECTION_URL=postgresql+asyncpg://postgres:{{ .Data.data.password | urlquery | replaceAll "+" "%20" }}@platform-postgres:5432/prefect',
  '{{ end -}}',
  '',
].join('\n');

describe('checkGoTemplate', () => {
  it('accepts the generated env template', () => {
    expect(checkGoTemplate(envTemplate)).toEqual([]);
  });

  it('rejects a with that has no end', () => {
    expect(checkGoTemplate('a\n{{ with secret "x" }}{{ .Data }}')).toEqual(['2:4: unexpected EOF: {{with}} has no {{end}}']);
  });

  it('rejects unknown functions unless declared', () => {
    expect(checkGoTemplate('{{ frobnicate "x" }}')).toEqual(['1:4: function "frobnicate" not defined']);
    expect(checkGoTemplate('{{ frobnicate "x" }}', { functions: ['frobnicate'] })).toEqual([]);
    expect(checkGoTemplate('{{ sprig_upper "x" | toLower }}')).toEqual([]);
  });

  it('rejects an unclosed action', () => {
    expect(checkGoTemplate('x {{ .Data.data.password ')).toEqual(['1:3: unclosed action']);
  });

  it.each([
    ['{{-3}}', []],
    ['{{ if .a }}x{{ else if .b }}y{{ else }}z{{ end }}', []],
    ['{{ range $k, $v := .m }}{{ $k }}={{ $v }}{{ break }}{{ end }}', []],
    ['{{ $x := "a" }}{{ with $y := $x }}{{ $y }}{{ end }}', []],
    ["{{ printf \"%s\\n%c\" `raw }}` 'x' }}", []],
    ['{{ "a}}" }}', []],
    ['{{- /* c */ -}}', []],
    ['{{ $y }}', ['1:4: undefined variable "$y"']],
    ['{{ with .a }}{{ $x := 1 }}{{ end }}{{ $x }}', ['1:39: undefined variable "$x"']],
    ['{{ break }}', ['1:4: {{break}} outside {{range}}']],
    ['{{ if .a }}{{ else }}{{ else }}{{ end }}', ['1:25: expected {{end}}; found {{else}}']],
    ['{{ range .a }}{{ else if .b }}{{ end }}', ['1:23: unexpected "if" in {{else}} of {{range}}']],
    ['{{ end }}', ['1:4: unexpected {{end}}']],
    ['{{ (len .a }}', ['1:4: unclosed left paren']],
    ['{{ len .a) }}', ['1:10: unexpected right paren']],
    ['{{ .a | | len }}', ['1:9: missing value for command']],
    ['{{ .a | "x" }}', ['1:9: non executable command in pipeline stage 2']],
    ['{{ if }}{{ end }}', ['1:4: missing value for if']],
    ['{{ "\\q" }}', ['1:4: invalid escape "\\\\q"']],
    ['{{ "abc }}', ['1:4: unterminated quoted string']],
    ['{{ .a @ }}', ['1:7: bad character "@"']],
    ['{{ .a -}}', []],
    ['{{ .a-}}', ['1:6: bad character "-"']],
    ['{{ /* c */ }}', ['1:4: bad character "/"']],
    ['{{/* c */ x }}', ['1:1: comment ends before closing delimiter']],
    ['{{/* c', ['1:1: unclosed comment']],
  ])('%s', (template, expected) => {
    expect(checkGoTemplate(template)).toEqual(expected);
  });
});

describe('renderGoTemplate', () => {
  const password = String.raw`p@ss:w/o rd#'"$HOME\%+&=?~`;
  const secrets = { 'secret/data/platform/production/postgres': { password } };

  it('renders the env template and the password decodes back', () => {
    const out = renderGoTemplate(envTemplate, secrets);
    expect(out).toBe(
      'PREFECT_API_DATABASE_CONNECTION_URL=postgresql+asyncpg://postgres:p%40ss%3Aw%2Fo%20rd%23%27%22%24HOME%5C%25%2B%26%3D%3F~@platform-postgres:5432/prefect\n',
    );
    const url = new URL(out.trim().split('=').slice(1).join('='));
    expect(decodeURIComponent(url.password)).toBe(password);
    expect(url.host).toBe('platform-postgres:5432');
  });

  it('reads KV v1 paths without the data level and supports regexMatch', () => {
    const template = '{{ with secret "kv/app" }}{{ if regexMatch "^[a-z]+$" .Data.user }}ok{{ end }}{{ if .Data.user | regexMatch "^[0-9]+$" }}no{{ end }}{{ end }}';
    expect(renderGoTemplate(template, { 'kv/app': { user: 'alice' } })).toBe('ok');
  });

  it('fails like missingkey=error', () => {
    expect(() => renderGoTemplate('{{ with secret "secret/data/x" }}{{ .Data.data.nope }}{{ end }}', { 'secret/data/x': {} })).toThrow(
      /1:34: map has no entry for key "nope"/,
    );
    expect(() => renderGoTemplate('{{ with secret "secret/data/x" }}{{ end }}', {})).toThrow(/no secret at "secret\/data\/x"/);
  });

  it('rejects constructs outside the subset and invalid templates', () => {
    expect(() => renderGoTemplate('{{ range .a }}{{ end }}', {})).toThrow(/\{\{range\}\} is outside the supported subset/);
    expect(() => renderGoTemplate('{{ toUpper "a" }}', {})).toThrow(/function "toUpper" is outside the supported subset/);
    expect(() => renderGoTemplate('{{ with secret "x" }}', {})).toThrow(/invalid template/);
  });
});

import { describe, expect, it } from 'vitest';
import { isPinned } from '../../src/check/rules/images.js';
import { looksLikeSecret } from '../../src/check/rules/literal-secrets.js';
import { isMeaningfulReason } from '../../src/check/rules/public-access.js';
import { isSecretName } from '../../src/check/rules/secret-like.js';
import { acceptedFixtures, checkFixtures, warningFixtures } from './check-fixtures.js';
import { compileFixture, errorCodes, warningCodes } from './fixture-support.js';
import { validateFixtures } from './validate-fixtures.js';

describe.each([
  ['check', checkFixtures],
  ['validate', validateFixtures],
])('%s fixtures', (_stage, fixtures) => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const result = compileFixture(fixture);
    expect(result.ok).toBe(false);
    expect(errorCodes(result)).toEqual([...fixture.expectedCodes].sort());
    if (fixture.expectedWarnings) expect(warningCodes(result)).toEqual([...fixture.expectedWarnings].sort());
    for (const d of result.diagnostics) {
      expect(d.message.length).toBeGreaterThan(0);
      expect(d.hint ?? '').not.toBe('');
      expect(d.range?.start.line).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('warnings', () => {
  it.each(warningFixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const result = compileFixture(fixture);
    expect(errorCodes(result)).toEqual([...fixture.expectedCodes].sort());
    expect(warningCodes(result)).toEqual([...(fixture.expectedWarnings ?? [])].sort());
    expect(result.ok).toBe(fixture.expectedCodes.length === 0);
    for (const d of result.diagnostics) {
      expect(d.hint ?? '').not.toBe('');
      expect(d.range?.start.line).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('configs at the edge of the rules', () => {
  it.each(acceptedFixtures.map((f) => [f.name, f] as const))('%s compiles without findings', (_name, fixture) => {
    const result = compileFixture(fixture);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('secret heuristics', () => {
  it.each([
    ['DB_PASSWORD', true],
    ['SMTP_PASS', true],
    ['DB_PWD', true],
    ['GITHUB_TOKEN', true],
    ['SECRET_KEY_BASE', true],
    ['apiKey', true],
    ['splunk-token', true],
    ['com.example.api-token', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['PREFECT_API_AUTH_STRING', true],
    ['PWD', false],
    ['BYPASS_CACHE', false],
    ['COMPASS_URL', false],
    ['PASSWORD_FILE', false],
    ['TOKEN_URL', false],
    ['MAX_TOKENS', false],
    ['PASSWORD_MIN_LENGTH', false],
    ['AWS_ACCESS_KEY_ID', false],
    ['full_refresh', false],
  ])('name %s is secret: %s', (name, expected) => expect(isSecretName(name)).toBe(expected));

  it.each([
    'postgresql://etl:s3cret@warehouse:5432/dw',
    'redis://:pw@platform-redis:6379/1',
    'AKIAIOSFODNN7EXAMPLE',
    'xoxb-1234567890-abcdefghij',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig',
    'admin:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/',
    'Zq3vR8xK2mN7pL4wT9yB6cD1',
  ])('value %s looks like a secret', (value) => expect(looksLikeSecret(value)).toBe(true));

  it.each([
    'Europe/Berlin',
    '/usr/local/lib/python3.12/site-packages',
    '-Xmx512m -XX:MaxRAMPercentage=75.0',
    'prefecthq/prefect:3.8.3-python3.12',
    '550e8400-e29b-41d4-a716-446655440000',
    `sha256:${'a3f1'.repeat(16)}`,
    'https://example.com/api/v2/ItemsList2024Export?x=1',
    'MyService2Handler3Factory',
    'http://platform-vault:8200',
    'Flows that serve real users, 24/7.',
  ])('value %s does not look like a secret', (value) => expect(looksLikeSecret(value)).toBe(false));
});

describe('secret heuristics on pathological values', () => {
  const size = 4 * 1024 * 1024;
  it.each([
    ['letters', 'a'.repeat(size)],
    ['scheme separators', 'a://'.repeat(size / 4)],
    ['JWT prefixes', 'eyJ'.repeat(size / 3)],
    ['PEM headers', '-----BEGIN A'.repeat(size / 12)],
    ['flags', ' --password'.repeat(size / 11)],
    ['mixed runs', 'aB3_'.repeat(size / 4)],
  ])('%s: linear time', (_name, value) => {
    const started = performance.now();
    looksLikeSecret(value);
    isSecretName(value.slice(0, 100_000));
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('image pinning', () => {
  it.each([
    ['prefecthq/prefect:3.8.3-python3.12', true],
    ['registry.example.com:5000/team/app:1.4.2', true],
    [`app@sha256:${'0'.repeat(64)}`, true],
    ['app:v2.0.1-knowledge-base', true],
    ['prefecthq/prefect:latest', false],
    ['prefecthq/prefect:3-LATEST', false],
    ['prefecthq/prefect:3.8', false],
    ['registry.example.com:5000/team/app', false],
    ['app:1.2.3-edge', false],
  ])('%s pinned: %s', (image, expected) => expect(isPinned(image)).toBe(expected));
});

describe('public access reasons', () => {
  it.each([
    ['Status page that customers read without an account.', true],
    ['公开的健康检查端点不需要登录', true],
    ['Webhook receiver for GitHub', true],
    ['          ', false],
    ['TODO TODO TODO', false],
    ['..........', false],
    ['xxxxxxxxxxxx', false],
    ['  a  b  ', false],
  ])('%s meaningful: %s', (reason, expected) => expect(isMeaningfulReason(reason)).toBe(expected));
});

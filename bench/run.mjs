// Start-up and scale benchmark: `npm run bench` (see bench/README.md).
// Times whole cold processes (`node bin/perfect-gen.cjs ...`) next to `node -e 0`, in one run.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appKinds, syntheticConfig } from './configs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const options = parseArgs(process.argv.slice(2));
const targets = { buildRatio: 1.6, startRatio: 1.3, largeMs: 1500, largeMb: 250, scaling: 11, planRatio: 2 };

const work = mkdtempSync(join(options.tmp, 'perfect-gen-bench-'));
// The engine's V8 code cache is made by the first run on a machine (src/cli/load-engine-cached.ts).
// Every child gets a cache folder of the bench's own, so no cache from an earlier run is used.
const cacheHome = join(work, 'cache');
process.env.XDG_CACHE_HOME = cacheHome;
let freshCaches = 0;
try {
  if (options.build) run(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }, 'the build');
  const bin = snapshotPackage(join(work, 'pkg'));
  const cases = prepareCases(bin, join(work, 'configs'));
  const startup = checkStartup(join(work, 'pkg'), cases.find((c) => c.id === 'seed'));
  const memory = memoryProbe();
  progress(`${cases.length} cases, ${options.runs} runs (${options.largeRuns} for 1,000 apps), peak memory by ${memory.method}`);
  measure(cases, join(work, 'out'), memory);
  const report = summarize(cases, startup, memory);
  process.stdout.write(options.json ? JSON.stringify(report, null, 2) + '\n' : renderText(report));
  if (options.strict && report.checks.some((c) => !c.ok)) process.exitCode = 1;
} finally {
  if (options.keep) progress(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

function parseArgs(argv) {
  const out = { json: false, build: true, keep: false, strict: false, runs: 7, largeRuns: 3, tmp: tmpdir() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') out.json = true;
    else if (arg === '--no-build') out.build = false;
    else if (arg === '--keep') out.keep = true;
    else if (arg === '--strict') out.strict = true;
    else if (arg === '--runs') out.runs = positive(argv[++i], arg);
    else if (arg === '--large-runs') out.largeRuns = positive(argv[++i], arg);
    else if (arg === '--tmp') out.tmp = argv[++i] ?? fail('--tmp needs a folder');
    else fail(`unknown option ${arg}\nusage: node bench/run.mjs [--json] [--runs N] [--large-runs N] [--tmp DIR] [--no-build] [--keep] [--strict]`);
  }
  return out;
}

function positive(value, name) {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fail(`${name} needs a positive integer`);
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function progress(message) {
  process.stderr.write(`bench: ${message}\n`);
}

function run(command, args, spawnOptions, what) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...spawnOptions });
  if (result.status !== 0) fail(`${what} failed (exit ${result.status})\n${result.stderr ?? ''}`);
  return result;
}

/** A private copy of the built package, so a concurrent `npm run build` cannot change it between runs. */
function snapshotPackage(dir) {
  for (const entry of ['bin', 'dist', 'schema', 'package.json']) {
    if (!existsSync(join(root, entry))) fail(`${entry} is missing; run npm run build`);
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  return join(dir, 'bin', 'perfect-gen.cjs');
}

function prepareCases(bin, configs) {
  const config = (id, text) => {
    mkdirSync(join(configs, id), { recursive: true });
    const path = join(configs, id, 'perfect.config.yaml');
    writeFileSync(path, text);
    return path;
  };
  const large = options.largeRuns;
  const cases = [
    { id: 'node', label: 'node -e 0', args: ['-e', '0'], runs: options.runs },
    { id: 'version', label: 'perfect-gen --version', args: [bin, '--version'], runs: options.runs },
    { id: 'help', label: 'perfect-gen --help', args: [bin, '--help'], runs: options.runs },
    { id: 'seed', label: 'build: seed example', apps: 1, config: config('seed', readFileSync(join(root, 'examples', 'perfect', 'perfect.config.yaml'), 'utf8')), runs: options.runs },
  ];
  // The same build on a machine that has no code cache yet: it compiles from source and stores one.
  cases.push({ ...cases[cases.length - 1], id: 'seed-first', label: 'build: seed example, first run', firstRun: true });
  for (const apps of [1, 10, 100, 1000]) {
    const kinds = appKinds(apps, 'mixed');
    const prefect = kinds.filter((k) => k === 'prefect').length;
    cases.push({ id: `mixed-${apps}`, label: `build: ${apps.toLocaleString('en')} apps (${prefect} prefect)`, apps, config: config(`mixed-${apps}`, syntheticConfig(apps, 'mixed')), runs: apps >= 1000 ? large : options.runs });
  }
  for (const apps of [100, 1000]) {
    cases.push({ id: `web-${apps}`, label: `build: ${apps.toLocaleString('en')} web apps`, apps, config: config(`web-${apps}`, syntheticConfig(apps, 'web')), runs: apps >= 1000 ? large : options.runs });
  }
  for (const c of cases) {
    c.buildArgs = c.config && ((out) => [bin, 'build', '--config', c.config, '--out', out]);
    c.wall = [];
  }
  // plan reads the output folder of the last build: record the 1,000-app config, then plan it with one host moved.
  const recorded = join(configs, 'plan-1000', 'out');
  const original = syntheticConfig(1000, 'mixed');
  run(process.execPath, [bin, 'build', '--config', config('plan-1000', original), '--out', recorded], {}, 'the build that plan compares with');
  const planConfig = config('plan-1000', original.replace('host: flows-0000.zitian.party', 'host: flows-0000-next.zitian.party'));
  cases.push({ id: 'plan-1000', label: 'plan: 1,000 apps (one host moved)', apps: 1000, args: [bin, 'plan', '--config', planConfig, '--out', recorded], runs: large, wall: [] });
  return cases;
}

/**
 * Asks the built CLI, in a child process, whether --version and --help left the engine (yaml,
 * handlebars, the validator, the commands: all in dist/engine.cjs) unloaded, and what a first and
 * a second build did with the V8 code cache (stored one, then used it), in a fresh cache folder.
 * yargs is in dist/yargs-cli.js, which only a dynamic import names.
 */
function checkStartup(pkg, seed) {
  const cli = join(pkg, 'dist', 'cli.cjs');
  const script = `
    const cli = require(${JSON.stringify(cli)});
    const io = { cwd: process.cwd(), env: {}, stdout() {}, stderr() {}, stderrIsTty: false };
    const status = () => cli.engineCacheStatus?.() ?? 'unknown (a build without the engine loader)';
    (async () => {
      await cli.main(['--version'], io);
      await cli.main(['--help'], io);
      const afterStart = status();
      const code = await cli.main(['build', '--config', ${JSON.stringify(seed.config)}, '--stdout'], io);
      console.log(JSON.stringify({ afterStart, afterBuild: status(), code }));
    })();`;
  const env = { ...process.env, XDG_CACHE_HOME: freshCacheHome() };
  const status = JSON.parse(run(process.execPath, ['-e', script], { env }, 'the start-up check').stdout);
  const second = JSON.parse(run(process.execPath, ['-e', script], { env }, 'the start-up check').stdout);
  // What dist/cli.cjs requires before main can run: Node builtins only (the engine and yargs load on demand).
  const required = [...readFileSync(cli, 'utf8').matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
  return {
    loadedForVersion: modulesLoaded(pkg, '--version'),
    loadedForHelp: modulesLoaded(pkg, '--help'),
    engineLoadedByVersionOrHelp: status.afterStart !== 'not-loaded',
    codeCache: `${status.afterBuild} on the first run, ${second.afterBuild} on the next`,
    cacheShipped: existsSync(join(pkg, 'dist', 'engine.cache')),
    seedExitCode: status.code,
    cliRequiresBeyondBuiltins: required.filter((id) => !id.startsWith('node:')),
  };
}

/**
 * The files a run loads, from Node's own `NODE_DEBUG=module,esm` log: `load "<file>"` for each
 * CommonJS file, `Translating <kind> <url>` for each ES module (neither listed: Node changed it).
 */
function modulesLoaded(pkg, arg) {
  const result = spawnSync(process.execPath, [join(pkg, 'bin', 'perfect-gen.cjs'), arg], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'module,esm' } });
  const relative = (file) => file.replace(pkg + '/', '').replace(`file://${pkg}/`, '');
  return {
    commonJs: [...result.stderr.matchAll(/\bload "([^"]+)" for module/g)].map((m) => relative(m[1])),
    esModules: [...result.stderr.matchAll(/Translating \w+ (\S+)/g)].map((m) => relative(m[1])),
  };
}

/** GNU time's %M (peak RSS of the child, KiB) where it works; else the child reports its own maxRSS. */
function memoryProbe() {
  const time = '/usr/bin/time';
  if (existsSync(time)) {
    const probe = spawnSync(time, ['-f', '%M', process.execPath, '-e', '0'], { encoding: 'utf8' });
    if (probe.status === 0 && /^\d+$/.test(probe.stderr.trim().split('\n').pop() ?? '')) {
      return {
        method: '/usr/bin/time -f %M',
        measure: (args, cwd) => {
          const result = spawnSync(time, ['-f', '%M', process.execPath, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
          return Number(result.stderr.trim().split('\n').pop()) * 1024;
        },
      };
    }
  }
  const preload = join(root, 'bench', 'peak-rss.cjs');
  return {
    method: 'process.resourceUsage().maxRSS in the child (bench/peak-rss.cjs)',
    measure: (args, cwd) => {
      const file = join(cwd, `.rss-${process.pid}`);
      spawnSync(process.execPath, ['--require', preload, ...args], { cwd, stdio: 'ignore', env: { ...process.env, PERFECT_GEN_BENCH_RSS: file } });
      const kib = Number(readFileSync(file, 'utf8'));
      rmSync(file, { force: true });
      return kib * 1024;
    },
  };
}

/**
 * One untimed run of each case, then rounds that run every case of a group once, so a change in
 * machine load hits the cases of a group alike. The start-up group (node -e 0 and the small runs
 * compared with it) goes first: the large builds leave the kernel flushing thousands of files,
 * which would slow the small runs after them. Each build writes into a fresh folder; outputs are
 * removed at the end.
 */
function measure(cases, outRoot, memory) {
  let serial = 0;
  const once = (c, timed) => {
    const out = join(outRoot, `${c.id}-${serial++}`);
    const args = c.buildArgs ? c.buildArgs(out) : c.args;
    const start = process.hrtime.bigint();
    const env = c.firstRun ? { ...process.env, XDG_CACHE_HOME: freshCacheHome() } : process.env;
    const result = spawnSync(process.execPath, args, { cwd: outRoot, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) fail(`${c.label} failed (exit ${result.status}):\n${result.stderr.slice(0, 2000)}`);
    if (c.buildArgs) c.files ??= JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).artifacts.length + 1;
    if (timed) c.wall.push(ms);
  };
  mkdirSync(outRoot, { recursive: true });
  progress('warm-up');
  for (const c of cases) once(c, false);
  const groups = [cases.filter((c) => !(c.apps >= 100)), cases.filter((c) => c.apps >= 100)];
  for (const [g, group] of groups.entries()) {
    const rounds = Math.max(...group.map((c) => c.runs));
    for (let round = 0; round < rounds; round++) {
      progress(`${g === 0 ? 'start-up' : 'scale'} round ${round + 1}/${rounds}`);
      for (const c of group) if (round < c.runs) once(c, true);
    }
  }
  progress('peak memory');
  for (const c of cases) c.peakBytes = memory.measure(c.buildArgs ? c.buildArgs(join(outRoot, `${c.id}-mem`)) : c.args, outRoot);
  rmSync(outRoot, { recursive: true, force: true });
}

function freshCacheHome() {
  return join(work, `cache-${freshCaches++}`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summarize(cases, startup, memory) {
  const byId = Object.fromEntries(cases.map((c) => [c.id, c]));
  const base = median(byId.node.wall);
  const rows = cases.map((c) => ({
    id: c.id,
    label: c.label,
    apps: c.apps ?? null,
    files: c.files ?? null,
    runs: c.wall.length,
    medianMs: round1(median(c.wall)),
    minMs: round1(Math.min(...c.wall)),
    ratio: round2(median(c.wall) / base),
    peakMb: round1(c.peakBytes / 1e6),
  }));
  const row = Object.fromEntries(rows.map((r) => [r.id, r]));
  const scaling = (from, to) => ({
    wall: round2(row[to].medianMs / row[from].medianMs),
    aboveNode: round2((row[to].medianMs - base) / (row[from].medianMs - base)),
  });
  const mixedScaling = scaling('mixed-100', 'mixed-1000');
  const webScaling = scaling('web-100', 'web-1000');
  const checks = [
    { what: 'build seed example vs node -e 0', value: row.seed.ratio, limit: `<= ${targets.buildRatio}x`, ok: row.seed.ratio <= targets.buildRatio },
    { what: '--version vs node -e 0', value: row.version.ratio, limit: `<= ${targets.startRatio}x`, ok: row.version.ratio <= targets.startRatio },
    { what: '--help vs node -e 0', value: row.help.ratio, limit: `<= ${targets.startRatio}x`, ok: row.help.ratio <= targets.startRatio },
    { what: '1,000 apps wall time (ms)', value: row['mixed-1000'].medianMs, limit: `<= ${targets.largeMs}`, ok: row['mixed-1000'].medianMs <= targets.largeMs },
    { what: 'plan of 1,000 apps vs their build', value: round2(row['plan-1000'].medianMs / row['mixed-1000'].medianMs), limit: `<= ${targets.planRatio}x`, ok: row['plan-1000'].medianMs <= targets.planRatio * row['mixed-1000'].medianMs },
    { what: '1,000 apps peak memory (MB)', value: row['mixed-1000'].peakMb, limit: `<= ${targets.largeMb}`, ok: row['mixed-1000'].peakMb <= targets.largeMb },
    { what: '100 -> 1,000 apps, mixed', value: mixedScaling.wall, limit: `<= ${targets.scaling}x`, ok: mixedScaling.wall <= targets.scaling },
    { what: '100 -> 1,000 apps, web only', value: webScaling.wall, limit: `<= ${targets.scaling}x`, ok: webScaling.wall <= targets.scaling },
    { what: 'no code cache shipped in dist/', value: !startup.cacheShipped, limit: 'true', ok: !startup.cacheShipped },
    { what: '--version/--help leave the engine unloaded', value: !startup.engineLoadedByVersionOrHelp, limit: 'true', ok: !startup.engineLoadedByVersionOrHelp },
    ...['Version', 'Help'].map((which) => {
      const { commonJs, esModules } = startup[`loadedFor${which}`];
      const expected = 'bin/perfect-gen.cjs dist/cli.cjs';
      const value = [commonJs.join(' ') || 'unknown', ...esModules.map((m) => `ES module ${m}`)].join(', ');
      return { what: `--${which.toLowerCase()} loads only bin and dist/cli.cjs, as CommonJS (no ES module, not yargs)`, value, limit: expected, ok: value === expected };
    }),
    { what: 'dist/cli.cjs requires only node: builtins', value: startup.cliRequiresBeyondBuiltins.join(' ') || 'true', limit: 'true', ok: startup.cliRequiresBeyondBuiltins.length === 0 },
  ];
  return {
    machine: { node: process.version, platform: `${process.platform} ${process.arch}`, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', tmp: options.tmp },
    method: { runs: options.runs, largeRuns: options.largeRuns, statistic: 'median wall time of whole processes', memory: memory.method },
    codeCache: startup.codeCache,
    rows,
    scaling: { mixed: mixedScaling, web: webScaling },
    checks,
  };
}

function round1(n) {
  return Math.round(n * 10) / 10;
}

function round2(n) {
  return Math.round(n * 100) / 100;
}

function renderText(report) {
  const { machine, method, rows, scaling, checks } = report;
  const header = ['case', 'apps', 'files', 'median ms', 'min ms', 'x node', 'peak MB'];
  const body = rows.map((r) => [r.label, r.apps ?? '-', r.files ?? '-', r.medianMs.toFixed(1), r.minMs.toFixed(1), r.ratio.toFixed(2), r.peakMb.toFixed(1)].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    `perfect-gen benchmark: node ${machine.node}, ${machine.platform}, ${machine.cpus} CPUs (${machine.cpu}), temp ${machine.tmp}`,
    `${method.statistic}; ${method.runs} runs, ${method.largeRuns} for 1,000 apps; peak memory by ${method.memory}; engine code cache: ${report.codeCache}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    `100 -> 1,000 apps: mixed x${scaling.mixed.wall} (x${scaling.mixed.aboveNode} above node -e 0), web only x${scaling.web.wall} (x${scaling.web.aboveNode} above node -e 0)`,
    '',
    ...checks.map((c) => `${c.ok ? 'ok  ' : 'MISS'}  ${c.what}: ${c.value} (target ${c.limit})`),
    '',
  ].join('\n');
}

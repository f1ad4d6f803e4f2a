/**
 * Heuristics for "this literal is a secret": by the name it is stored under, and by its shape.
 * Tuned to stay quiet on ordinary config (paths, URLs without credentials, image references,
 * UUIDs, digests, JVM flags) and to catch what people actually paste: passwords under
 * password-like names, API tokens, URLs with a password, private keys and password hashes.
 */

/** Words that name a secret on their own. `PASS` and `PWD` only count after another word (`SMTP_PASS`, not `PWD`). */
const secretWords = new Set(['PASSWORD', 'PASSWD', 'PASSPHRASE', 'SECRET', 'TOKEN', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATEKEY']);
const trailingSecretWords = new Set(['PASS', 'PWD']);
/** Two-word secrets: `API_KEY`, `PRIVATE_KEY`, `AUTH_STRING`, `SIGNING_KEY`... */
const secretPairs = new Set(['API KEY', 'PRIVATE KEY', 'AUTH STRING', 'SIGNING KEY', 'ENCRYPTION KEY', 'MASTER KEY', 'SESSION KEY', 'ACCESS KEY SECRET']);

/** A word after the secret word that makes the name about the secret, not the secret itself: `PASSWORD_FILE`, `TOKEN_URL`. */
const metadataWords = new Set([
  'FILE', 'PATH', 'DIR', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'LENGTH', 'LEN', 'MIN', 'MAX', 'TTL', 'EXPIRY',
  'EXPIRES', 'EXPIRATION', 'LIFETIME', 'TIMEOUT', 'HEADER', 'NAME', 'ENABLED', 'DISABLED', 'REQUIRED', 'TYPE',
  'ALGORITHM', 'ALG', 'FIELD', 'ID', 'USER', 'USERNAME', 'COMMAND', 'CMD', 'POLICY', 'ROTATION', 'PROVIDER', 'ISSUER',
  'AUDIENCE', 'SCOPE', 'SCOPES', 'MODE', 'PREFIX', 'SUFFIX', 'FORMAT', 'VERSION', 'COUNT', 'LIMIT', 'SIZE', 'DURATION',
  'AGE', 'INTERVAL', 'ENV', 'VAR', 'LOCATION', 'MOUNT', 'STORE', 'BACKEND', 'ENGINE', 'SOURCE',
  // Settings about passwords rather than passwords: `MB_PASSWORD_COMPLEXITY`, `PASSWORD_RESET_DAYS`.
  'COMPLEXITY', 'STRENGTH', 'RULE', 'RULES', 'REQUIREMENTS', 'CHARS', 'DAYS', 'HOURS', 'ROUNDS', 'ITERATIONS', 'COST',
  'HINT', 'RESET', 'LOCKOUT', 'ATTEMPTS', 'RETRIES', 'STRATEGY', 'METHOD', 'SCHEME', 'LEVEL', 'HASHER', 'HASHING', 'VALIDATION',
]);

/**
 * Values that name a setting, not a secret: what `PASSWORD_POLICY`-like variables hold when their name
 * has no telling suffix (`MB_PASSWORD_COMPLEXITY: strong`). Nobody's password is `normal`.
 */
const settingWords = new Set([
  'true', 'false', 'yes', 'no', 'on', 'off', 'none', 'null', 'enabled', 'disabled', 'required', 'optional', 'auto', 'default',
  'strong', 'weak', 'normal', 'low', 'medium', 'high', 'strict', 'lax', 'lenient', 'basic', 'plain', 'bcrypt', 'argon2',
  'argon2id', 'scrypt', 'pbkdf2', 'sha256', 'sha512',
]);

/** Whether a value under a secret-like name is plainly a setting: one setting word, or a file path such as `/run/secrets/db`. */
export function isSettingValue(value: string): boolean {
  const v = value.trim().toLowerCase();
  return settingWords.has(v) || /^\/[A-Za-z0-9_./-]*$/.test(v);
}

/** `DB_PASSWORD`, `apiKey`, `splunk-token`, `com.example.api-token` → words in upper case. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Whether a variable, label, option or parameter name says it holds a secret. */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const pair = `${word} ${words[i + 1] ?? ''}`;
    let end: number | undefined;
    if (secretWords.has(word)) end = i + 1;
    else if (trailingSecretWords.has(word) && i > 0) end = i + 1;
    else if (secretPairs.has(pair)) end = i + 2;
    if (end === undefined) continue;
    return !words.slice(end).some((w) => metadataWords.has(w));
  }
  return false;
}

/**
 * Every pattern below is either anchored to the start of a bounded run or bounded itself, so a
 * multi-megabyte value costs linear time: an unanchored `[a-z]+:\/\/` over a long run of letters
 * would backtrack quadratically.
 */
/** After `://`: userinfo with a password, `user:pass@`. */
const userinfoWithPassword = /^[^\s/@:]{0,256}:[^\s/@]{1,512}@/;
const privateKey = /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----/;
const passwordHash = /\$(?:2[abxy]?\$[0-9]{2}|apr1|5|6|y|argon2(?:id|i|d))\$[./A-Za-z0-9]/;
/** Token formats whose prefix says what they are, tested at the start of a run. */
const knownToken =
  /^(?:gh[pousr]_[A-Za-z0-9]{30}|github_pat_[A-Za-z0-9_]{30}|glpat-[A-Za-z0-9_-]{20}|xox[abprs]-[A-Za-z0-9-]{10}|sk-[A-Za-z0-9_-]{20}|[sr]k_live_[A-Za-z0-9]{20}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|hv[sb]\.[A-Za-z0-9_-]{20}|eyJ[A-Za-z0-9_-]{10,512}\.eyJ[A-Za-z0-9_-]{10})/;
/** Runs of base64, base64url and token characters (dots for JWTs and Vault tokens); found in one linear pass. */
const run = /[A-Za-z0-9_+/=.-]{10,}/g;
/** Longer runs are judged by their start; no key is this long, and entropy needs no more. */
const maxRun = 1024;

function hasUrlWithPassword(value: string): boolean {
  for (let i = value.indexOf('://'); i !== -1; i = value.indexOf('://', i + 3)) {
    if (userinfoWithPassword.test(value.slice(i + 3, i + 3 + 800))) return true;
  }
  return false;
}

/** Bits per character; random tokens score near log2 of their length, words and identifiers well below. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

function charClass(c: string): number {
  if (c >= 'a' && c <= 'z') return 0;
  if (c >= 'A' && c <= 'Z') return 1;
  if (c >= '0' && c <= '9') return 2;
  return 3;
}

/**
 * Random text switches between lower case, upper case and digits at most characters (about 3 in 5 for
 * base64); words, identifiers and paths stay in one class for several characters at a time.
 * Punctuation is left out of the count. The thresholds miss about 3% of random 20-character tokens.
 */
function randomToken(run: string): boolean {
  if (!/[a-z]/.test(run) || !/[A-Z]/.test(run) || !/[0-9]/.test(run)) return false;
  const classes = [...run].map(charClass).filter((c) => c !== 3);
  let switches = 0;
  for (let i = 1; i < classes.length; i++) if (classes[i] !== classes[i - 1]) switches++;
  return switches / (classes.length - 1) >= 0.4 && entropy(run) >= 3.5;
}

/** `random-key` is judged by entropy alone; the others are formats that only secrets have. */
export type SecretShape = 'url-with-password' | 'private-key' | 'password-hash' | 'token' | 'random-key';

/** What kind of secret a value looks like by its shape alone, if any. */
export function secretShape(value: string): SecretShape | undefined {
  if (hasUrlWithPassword(value)) return 'url-with-password';
  if (privateKey.test(value)) return 'private-key';
  if (passwordHash.test(value)) return 'password-hash';
  for (const match of value.matchAll(run)) {
    const text = match[0].slice(0, maxRun);
    // A token may sit after a separator inside the run (`key=sk-...`, `Bearer.eyJ...`).
    for (const part of [text, ...text.split(/[=.]/).slice(1)]) if (knownToken.test(part)) return 'token';
    if (text.split(/[.]/).some((part) => part.length >= 20 && randomToken(part))) return 'random-key';
  }
  return undefined;
}

export const shapeText: Readonly<Record<SecretShape, string>> = {
  'url-with-password': 'a URL with a password',
  'private-key': 'a private key',
  'password-hash': 'a password hash',
  token: 'an API token',
  'random-key': 'a random key',
};

/** `--password=x`, `--api-key x`, `-token=x` inside a command argument, unless the value is a `$VARIABLE`. */
const secretFlag = /(?:^|\s)--?[A-Za-z0-9-]{0,64}(?:password|passwd|token|secret|api-?key)(?:=|\s{1,16})(?!["']?\$)\S/i;
const bareSecretFlag = /^--?[A-Za-z0-9-]*(?:password|passwd|token|secret|api-?key)$/i;

export function secretInArgument(argument: string): boolean {
  return secretFlag.test(argument);
}

/** `["--password", "hunter2"]`: a flag alone, whose value is the next argument. */
export function isSecretFlag(argument: string): boolean {
  return bareSecretFlag.test(argument);
}

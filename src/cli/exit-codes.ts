/** Documented in the README; scripts depend on them. */
export const exitCodes = {
  ok: 0,
  /** `build --check` found generated files that differ from the config; `plan --fail-on` found a named kind. */
  drift: 1,
  /** `doctor` found a failing check. */
  failing: 1,
  /** Invalid config or invalid usage. */
  invalid: 2,
  /** A bug in perfect-gen: it says so instead of printing a stack trace. */
  internal: 3,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** Everything the CLI touches of the process, so tests can run it in-process. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stderrIsTty: boolean;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: writeStdout,
    stderr: (text) => void process.stderr.write(text),
    // A getter: the first touch of process.stderr creates its stream (a socket when stderr is a
    // pipe), a start-up cost that runs printing nothing to stderr need not pay.
    get stderrIsTty() {
      return process.stderr.isTTY === true;
    },
  };
}

let stdoutClosed = false;
let stdoutWatched = false;

/**
 * `perfect-gen build --stdout | head` closes the pipe early: what is left to print is dropped and the
 * run ends with its own exit code, without an EPIPE stack trace.
 */
function writeStdout(text: string): void {
  if (stdoutClosed) return;
  if (!stdoutWatched) {
    stdoutWatched = true;
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      stdoutClosed = true;
    });
  }
  process.stdout.write(text);
}

/** NO_COLOR (no-color.org) and non-TTY output turn color off; FORCE_COLOR turns it on. */
export function useColor(io: CliIo, flag: boolean | undefined): boolean {
  // A flag on the command line wins over the environment, as no-color.org asks.
  if (flag !== undefined) return flag;
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return false;
  if (io.env['FORCE_COLOR'] !== undefined && io.env['FORCE_COLOR'] !== '0') return true;
  return io.stderrIsTty;
}

import { SingleBar } from "cli-progress";

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A progress bar on a terminal. Elsewhere (pipes, CI) nothing is drawn, except that with `--json`
 * each step is one JSON line on stderr, for scripts that follow long work.
 */
export function createProgress(label: string, json: boolean): Progress {
  if (process.stderr.isTTY && !json) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {percentage}% {value}/{total}`,
      stream: process.stderr,
      hideCursor: true,
    });
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  return {
    update(done, total) {
      if (json) process.stderr.write(`${JSON.stringify({ progress: done, total })}\n`);
    },
    stop() {},
  };
}

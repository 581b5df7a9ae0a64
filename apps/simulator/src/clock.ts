/** The simulator's notion of "now": injectable for tests, and movable through `POST /_sim/clock`. */
export interface Clock {
  now(): Date;
  nowSeconds(): number;
  advance(ms: number): void;
}

export function createClock(source: () => Date = () => new Date()): Clock {
  let offsetMs = 0;
  const now = (): Date => new Date(source().getTime() + offsetMs);
  return {
    now,
    nowSeconds: () => Math.floor(now().getTime() / 1000),
    advance: (ms) => {
      offsetMs += ms;
    },
  };
}

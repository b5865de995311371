/**
 * How many times a crashed language server is restarted: at most `maxRestarts` crashes within a
 * sliding `windowMs`, so a server that crashes on every start stops after a few tries instead of
 * looping. Plain TypeScript (no vscode) so it is unit-tested directly.
 */
export class RestartBudget {
  private readonly crashes: number[] = [];

  constructor(
    readonly maxRestarts = 4,
    readonly windowMs = 3 * 60 * 1000,
  ) {}

  /** Records a crash at `now`; true when the server may be restarted once more. */
  recordCrash(now: number): boolean {
    this.crashes.push(now);
    while (this.crashes.length > 0 && now - this.crashes[0]! > this.windowMs) this.crashes.shift();
    return this.crashes.length <= this.maxRestarts;
  }

  /** Crashes inside the current window. */
  get recentCrashes(): number {
    return this.crashes.length;
  }
}

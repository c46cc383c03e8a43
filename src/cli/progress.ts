import type { CliIO } from './io.js';

/** A one-line progress counter on stderr, only when stderr is a terminal (never in pipes, CI or tests). */
export class Progress {
  private last = 0;
  private readonly started = Date.now();
  private readonly enabled: boolean;
  constructor(private readonly io: CliIO, private readonly label: string, private readonly total?: number) {
    this.enabled = Boolean(io.stderr.isTTY) && !io.env.CI;
  }
  tick(done: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const secs = (now - this.started) / 1000;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    let bar = '';
    if (this.total) {
      const width = 24;
      const filled = Math.round((Math.min(done, this.total) / this.total) * width);
      bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total}`;
    } else {
      bar = `${done}`;
    }
    this.io.stderr.write(`\r${this.label} ${bar}  ${rate}/s `);
  }
  done(): void {
    if (this.enabled && this.last) this.io.stderr.write('\r\x1b[2K');
  }
}

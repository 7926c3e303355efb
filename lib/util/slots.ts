/** At most `size` holders at once; a finished one hands its slot straight to the next waiting one. */
export class Slots {
  private held = 0;
  private readonly queue: Array<() => void> = [];
  constructor(public size: number) {}

  get busy(): number {
    return this.held;
  }

  get waiting(): number {
    return this.queue.length;
  }

  async take(): Promise<void> {
    if (this.held >= this.size) await new Promise<void>((r) => this.queue.push(r));
    else this.held++;
  }

  give(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.held--;
  }
}

/** A sleep that `wake()` can cut short. */
export class Waiter {
  private resolve: (() => void) | undefined;
  private pending = false;

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const t = setTimeout(done, Math.max(0, ms));
      const self = this;
      function done() {
        clearTimeout(t);
        self.resolve = undefined;
        resolve();
      }
      this.resolve = done;
    });
  }

  /** Ends the current wait, or the next one at once if nobody is waiting. */
  wake(): void {
    if (this.resolve) this.resolve();
    else this.pending = true;
  }
}

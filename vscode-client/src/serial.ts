/**
 * Runs a task (a server restart) one at a time. Requests made before a queued run has started share it, so a
 * burst of settings changes restarts once, with the latest settings, and two servers never start side by side.
 */
export class SerialRunner {
    private chain: Promise<void> = Promise.resolve();
    private pending: Promise<void> | undefined;

    constructor(private readonly task: () => Promise<void>) {}

    /** Resolves (or rejects) with the run that serves this request; that run starts after this call. */
    request(): Promise<void> {
        if (this.pending !== undefined) {
            return this.pending;
        }
        const run = this.chain.catch(() => undefined).then(() => {
            this.pending = undefined;
            return this.task();
        });
        this.pending = run;
        this.chain = run;
        return run;
    }
}

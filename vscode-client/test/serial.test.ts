import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SerialRunner } from '../src/serial';

function deferred(): { promise: Promise<void>; resolve: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => { resolve = r; });
    return { promise, resolve };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('SerialRunner (one restart at a time)', () => {
    it('never runs two at once and coalesces requests made while one runs', async () => {
        let active = 0;
        let maxActive = 0;
        let runs = 0;
        const gates: ReturnType<typeof deferred>[] = [];
        const runner = new SerialRunner(async () => {
            runs++;
            active++;
            maxActive = Math.max(maxActive, active);
            const gate = deferred();
            gates.push(gate);
            await gate.promise;
            active--;
        });
        const first = runner.request();
        await tick();
        assert.equal(runs, 1);
        const second = runner.request();
        const third = runner.request();
        assert.equal(second, third, 'requests while one runs share the next run');
        await tick();
        assert.equal(runs, 1, 'the queued run waits for the running one');
        gates[0]!.resolve();
        await first;
        await tick();
        assert.equal(runs, 2);
        gates[1]!.resolve();
        await second;
        assert.equal(runs, 2);
        assert.equal(maxActive, 1);
    });

    it('goes on after a failed run', async () => {
        let calls = 0;
        const runner = new SerialRunner(async () => {
            calls++;
            if (calls === 1) {
                throw new Error('no java');
            }
        });
        await assert.rejects(runner.request(), /no java/);
        await runner.request();
        assert.equal(calls, 2);
    });

    it('starts a fresh run for a request made after the previous one started', async () => {
        let runs = 0;
        const runner = new SerialRunner(async () => { runs++; });
        await runner.request();
        await runner.request();
        assert.equal(runs, 2);
    });
});

import type { Context } from 'aws-lambda';
import { withConcurrencyLimit } from '../../sandbox/task-handlers';

const context = {} as Context;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('withConcurrencyLimit', () => {
  test('runs at most the limit at once across all handlers, the others in the order they came', async () => {
    let running = 0;
    let most = 0;
    const started: string[] = [];
    const gates = new Map<string, () => void>();
    const handler = (event: unknown) => {
      const id = String(event);
      started.push(id);
      running++;
      most = Math.max(most, running);
      return new Promise((resolve) => {
        gates.set(id, () => {
          running--;
          resolve(id);
        });
      });
    };
    const limited = withConcurrencyLimit({ A: handler, B: handler }, 2);
    const calls = ['a1', 'b1', 'a2', 'b2', 'a3'].map((id) =>
      (id.startsWith('a') ? limited.A : limited.B)(id, context),
    );
    await tick();
    expect(started).toEqual(['a1', 'b1']);
    gates.get('b1')?.();
    await tick();
    expect(started).toEqual(['a1', 'b1', 'a2']);
    for (const id of ['a1', 'a2', 'b2', 'a3']) {
      await tick();
      gates.get(id)?.();
    }
    expect(await Promise.all(calls)).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
    expect(started).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
    expect(most).toBe(2);
  });

  test('a handler that throws frees its slot and its error reaches the caller', async () => {
    const limited = withConcurrencyLimit(
      {
        Fails: async () => {
          throw Object.assign(new Error('no'), { name: 'TransientError' });
        },
        Works: async (event: unknown) => event,
      },
      1,
    );
    const failed = limited.Fails({}, context);
    const worked = limited.Works('after', context);
    await expect(failed).rejects.toMatchObject({ name: 'TransientError' });
    await expect(worked).resolves.toBe('after');
    // The slot is free again: a third call runs at once.
    await expect(limited.Works('again', context)).resolves.toBe('again');
  });
});

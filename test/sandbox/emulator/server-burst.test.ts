import { connect } from 'node:net';
import { type Emulator, startEmulator } from '../../../sandbox/emulator';
import { ManualClock } from './helpers';

describe('emulator server under a burst of connections', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ clock: new ManualClock() });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  test('takes 2000 connections opened at once, as a cohort of in-process Lambdas opens them', async () => {
    // With Node's default accept queue (511) the kernel dropped most of the burst's SYNs and
    // resent them a second later: in the sandbox, on the compressed clock, undici's connect
    // timeout then failed the calls (UND_ERR_CONNECT_TIMEOUT).
    const { port } = new URL(emulator.url);
    const started = performance.now();
    const connectMs = await Promise.all(
      Array.from(
        { length: 2000 },
        () =>
          new Promise<number>((resolve, reject) => {
            const socket = connect(Number(port), '127.0.0.1');
            socket.once('connect', () => {
              resolve(performance.now() - started);
              socket.destroy();
            });
            socket.once('error', reject);
          }),
      ),
    );
    // A dropped SYN is resent after the kernel's initial retransmission timeout, 1 s.
    expect(Math.max(...connectMs)).toBeLessThan(900);
  }, 30_000);
});

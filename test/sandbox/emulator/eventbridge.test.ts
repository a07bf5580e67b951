import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  type Emulator,
  type EventBridgeEvent,
  type EventDelivery,
  startEmulator,
} from '../../../sandbox/emulator';
import { clientConfig, ManualClock, rejection } from './helpers';

describe('EventBridge emulator', () => {
  const clock = new ManualClock();
  const delivered: Array<[EventBridgeEvent, EventDelivery]> = [];
  let emulator: Emulator;
  let client: EventBridgeClient;

  beforeAll(async () => {
    emulator = await startEmulator({
      clock,
      region: 'eu-west-1',
      accountId: '210987654321',
      onEvent: async (event, delivery) => {
        delivered.push([event, delivery]);
      },
    });
    client = new EventBridgeClient(clientConfig(emulator));
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });
  beforeEach(() => {
    delivered.length = 0;
  });

  test('accepted entries get an EventId and reach onEvent as full EventBridge events', async () => {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'hr-events',
            Source: 'hr.system',
            DetailType: 'Employee Joined',
            Detail: JSON.stringify({ employeeId: 'E-1001', startDate: '2026-02-01' }),
            Resources: ['arn:aws:example:employee/E-1001'],
          },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    await emulator.settled();
    expect(delivered).toEqual([
      [
        {
          version: '0',
          id: out.Entries?.[0]?.EventId,
          'detail-type': 'Employee Joined',
          source: 'hr.system',
          account: '210987654321',
          time: '2026-01-05T09:00:00Z',
          region: 'eu-west-1',
          resources: ['arn:aws:example:employee/E-1001'],
          detail: { employeeId: 'E-1001', startDate: '2026-02-01' },
        },
        { eventBusName: 'hr-events' },
      ],
    ]);
    expect(emulator.state.events.at(-1)).toMatchObject({
      id: out.Entries?.[0]?.EventId,
      eventBusName: 'hr-events',
    });
  });

  test('invalid entries fail one by one with ErrorCode and ErrorMessage, the others are accepted', async () => {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'hr.system', DetailType: 'Employee Left', Detail: '{not json' },
          { DetailType: 'Employee Left', Detail: '{}' },
          {
            Source: 'hr.system',
            DetailType: 'Employee Left',
            Detail: '{"employeeId":"E-1002"}',
            Time: new Date(Date.UTC(2026, 0, 1)),
          },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(2);
    expect(out.Entries?.[0]).toMatchObject({ ErrorCode: 'MalformedDetail' });
    expect(out.Entries?.[1]).toMatchObject({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: expect.stringContaining('Source'),
    });
    expect(out.Entries?.[2]?.EventId).toBeDefined();
    await emulator.settled();
    expect(delivered.map(([event]) => [event.time, event.detail])).toEqual([
      ['2026-01-01T00:00:00Z', { employeeId: 'E-1002' }],
    ]);
  });

  test('more than 10 entries is a ValidationException', async () => {
    const entries = Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 'd', Detail: '{}' }));
    expect((await rejection(client.send(new PutEventsCommand({ Entries: entries })))).name).toBe(
      'ValidationException',
    );
  });
});

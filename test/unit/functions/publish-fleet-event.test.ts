import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { InvalidInputError, ThrottledError, TransientError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/publish-fleet-event';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const events = mockClient(EventBridgeClient);
const left = {
  detailType: 'Employee Left',
  detail: {
    eventId: 'fleet:left:E9:2026-12-02',
    employeeId: 'E9',
    userName: 'gone',
    lastWorkingDay: '2026-12-02',
  },
};
const run = (event: unknown = left) => handler(event, lambdaContext('PublishFleetEvent'));

beforeEach(() => events.reset());

describe('handler', () => {
  it('OnTheHrBus_AsAnHrProducerPutsIt', async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });

    await expect(run()).resolves.toEqual({ eventId: 'fleet:left:E9:2026-12-02', busEventId: 'bus-1' });
    const entry = events.commandCalls(PutEventsCommand)[0].args[0].input.Entries?.[0];
    expect(entry).toMatchObject({
      EventBusName: 'hr-events',
      Source: 'workspaces-lifecycle.hr',
      DetailType: 'Employee Left',
    });
    expect(JSON.parse(entry?.Detail ?? '{}')).toEqual({ ...left.detail, immediate: false });
  });

  it('EventBreakingItsContract_RefusedBeforeTheBus', async () => {
    await expect(run({ detailType: 'Employee Joined', detail: { eventId: 'x' } })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(run({ detailType: 'Employee Rehired', detail: left.detail })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(events).not.toHaveReceivedCommand(PutEventsCommand);
  });

  it('EntryRefusedInsideA200_TransientError', async () => {
    events
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'x' }] });

    await expect(run()).rejects.toBeInstanceOf(TransientError);
  });

  it('Throttled_ThrottledError', async () => {
    events.on(PutEventsCommand).rejects(serviceError('ThrottlingException'));

    await expect(run()).rejects.toBeInstanceOf(ThrottledError);
  });
});

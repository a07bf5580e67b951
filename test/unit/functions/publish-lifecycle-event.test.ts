import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError, TransientError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/publish-lifecycle-event';
import { lambdaContext } from '../../../sandbox/state-machines';
import { writtenMetrics } from '../../helpers/metrics';
import { serviceError } from '../support';

const events = mockClient(EventBridgeClient);
const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:joiner:evt-0001';
const state = {
  eventId: 'evt-0001',
  employee: { employeeId: 'E1001', userName: 'ada.lovelace' },
  workspace: { workspaceId: 'ws-abcdef123', adopted: false },
};
const run = (event: unknown = { detailType: 'WorkSpace Ready', executionArn, state }) =>
  handler(event, lambdaContext('PublishLifecycleEvent'));
const sentEntry = () => events.commandCalls(PutEventsCommand)[0].args[0].input.Entries?.[0];

beforeEach(() => {
  events.reset();
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
});

describe('handler', () => {
  it('WorkspaceReady_PutsOneEventWithTheDetailBuiltFromState', async () => {
    // Act
    const result = await run();

    // Assess
    expect(result).toEqual({ busEventId: 'bus-1' });
    expect(events).toHaveReceivedCommandTimes(PutEventsCommand, 1);
    expect(events.commandCalls(PutEventsCommand)[0].args[0].input.Entries).toHaveLength(1);
    const entry = sentEntry();
    expect(entry).toMatchObject({
      EventBusName: 'hr-events',
      Source: 'workspaces-lifecycle',
      DetailType: 'WorkSpace Ready',
    });
    expect(JSON.parse(String(entry?.Detail))).toStrictEqual({
      version: '1',
      eventId: 'evt-0001',
      employeeId: 'E1001',
      userName: 'ada.lovelace',
      workspaceId: 'ws-abcdef123',
      adopted: false,
      executionArn,
    });
  });

  it('FailureOfAnInvalidInput_StillPublishesWhatIsKnown', async () => {
    const failed = {
      'detail-type': 'Employee Joined',
      detail: { eventId: 'evt-0009', userName: 42 },
      error: { Error: 'InvalidInputError', Cause: 'userName: expected string' },
    };

    await run({ detailType: 'Onboarding Failed', state: failed });

    expect(sentEntry()?.DetailType).toBe('Onboarding Failed');
    expect(JSON.parse(String(sentEntry()?.Detail))).toStrictEqual({
      version: '1',
      eventId: 'evt-0009',
      error: 'InvalidInputError',
      cause: 'userName: expected string',
    });
  });

  it('FailedEntryThrottled_ThrowsThrottledError', async () => {
    events.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
    });

    await expect(run()).rejects.toThrow(new ThrottledError('PutEvents: ThrottlingException: Rate exceeded'));
  });

  it('FailedEntryOther_ThrowsTransientError', async () => {
    events.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'oops' }],
    });

    const thrown = await run().catch((e: unknown) => e);

    expect(thrown).toBeInstanceOf(TransientError);
    expect(thrown).toMatchObject({ name: 'TransientError', message: 'PutEvents: InternalFailure: oops' });
  });

  it('NoEntryAnswered_ThrowsTransientError', async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });

    await expect(run()).rejects.toThrow(new TransientError('PutEvents: no entry: '));
  });

  it.each([
    ['ThrottlingException', 400, ThrottledError],
    ['InternalException', 500, TransientError],
  ])('ThrownError_%s_Becomes_%p', async (name, status, expected) => {
    events.on(PutEventsCommand).rejects(serviceError(name, status));

    await expect(run()).rejects.toThrow(expected);
  });

  it('ThrownAccessDenied_KeepsItsName', async () => {
    events.on(PutEventsCommand).rejects(serviceError('AccessDeniedException', 403));

    await expect(run()).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('UnknownDetailType_ThrowsInvalidInputErrorWithoutACall', async () => {
    await expect(run({ detailType: 'Something Else', state })).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('detailType: '),
    });
    expect(events).not.toHaveReceivedAnyCommand();
  });
});

describe('metrics', () => {
  it.each([
    ['WorkSpace Ready', 'WorkspacesReady'],
    ['Access Revoked', 'AccessCut'],
    ['WorkSpace Removed', 'WorkspacesRemoved'],
    ['Removal Cancelled', 'RemovalsCancelled'],
  ])('%s_CountsOne%s', async (detailType, name) => {
    const written = await writtenMetrics(() => run({ detailType, executionArn, state }));

    expect(written).toEqual([
      { name, unit: 'Count', value: 1, dimensions: { service: 'workspaces-lifecycle' } },
    ]);
  });

  it('OnboardingFailed_CountsAFailureByEventAndErrorName', async () => {
    const failed = { ...state, error: { Error: 'WorkspaceQuotaExceededError', Cause: 'quota' } };

    const written = await writtenMetrics(() =>
      run({ detailType: 'Onboarding Failed', executionArn, state: failed }),
    );

    expect(written).toEqual([
      {
        name: 'FlowFailures',
        unit: 'Count',
        value: 1,
        dimensions: {
          service: 'workspaces-lifecycle',
          Event: 'Onboarding Failed',
          ErrorName: 'WorkspaceQuotaExceededError',
        },
      },
    ]);
  });

  it('PublishingFails_CountsNothing', async () => {
    events.on(PutEventsCommand).rejects(serviceError('ThrottlingException'));

    const written = await writtenMetrics(() => run().catch(() => undefined));

    expect(written).toEqual([]);
  });
});

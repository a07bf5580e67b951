import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { dispatch } from '../../../functions/dispatch-hr-event';
import { exampleJoiner } from '../../helpers/examples';

const sfn = mockClient(SFNClient);
const envelope = (detailType: string, detail: unknown) => ({
  version: '0',
  id: 'x',
  'detail-type': detailType,
  source: 'workspaces-lifecycle.hr',
  detail,
});

beforeEach(() => {
  sfn.reset();
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec:1' });
});

describe('dispatch', () => {
  it('Joined_StartsTheJoinerNamedFromTheEventId', async () => {
    expect(await dispatch(envelope('Employee Joined', exampleJoiner))).toEqual({
      flow: 'joiner',
      executionArn: 'arn:exec:1',
      duplicate: false,
    });
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:joiner',
      name: 'evt-0001',
    });
  });

  it('Left_StartsTheLeaver', async () => {
    const left = {
      eventId: 'evt-0002',
      employeeId: 'E1001',
      userName: 'ada.lovelace',
      lastWorkingDay: '2030-01-31',
    };
    expect((await dispatch(envelope('Employee Left', left))).flow).toBe('leaver');
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input.stateMachineArn).toMatch(/:leaver$/);
  });

  it('Changed_StartsTheMover', async () => {
    const changed = {
      eventId: 'evt-0003',
      employeeId: 'E1001',
      userName: 'ada.lovelace',
      department: 'Sales',
    };
    expect((await dispatch(envelope('Employee Changed', changed))).flow).toBe('mover');
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input.stateMachineArn).toMatch(/:mover$/);
  });

  it('ChangedWithNothingChanged_StartsNothing', async () => {
    const unchanged = { eventId: 'evt-0004', employeeId: 'E1001', userName: 'ada.lovelace' };
    await expect(dispatch(envelope('Employee Changed', unchanged))).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('at least one changed attribute'),
    });
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('ChangedToAnUnknownProfile_StartsNothing', async () => {
    const changed = { eventId: 'evt-0005', employeeId: 'E1001', userName: 'ada.lovelace', profile: 'gold' };
    await expect(dispatch(envelope('Employee Changed', changed))).rejects.toMatchObject({
      message: expect.stringContaining('profile: no profile named "gold"'),
    });
  });

  it('AlreadyHandled_IsSuccessNotAnError', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    expect(await dispatch(envelope('Employee Joined', exampleJoiner))).toMatchObject({ duplicate: true });
  });

  it('InvalidDetail_StartsNothingAndNamesTheField', async () => {
    await expect(
      dispatch(envelope('Employee Joined', { ...exampleJoiner, email: 'nope' })),
    ).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('email'),
    });
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('UnknownProfile_StartsNothingAndNamesIt', async () => {
    await expect(
      dispatch(envelope('Employee Joined', { ...exampleJoiner, profile: 'gold' })),
    ).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('profile: no profile named "gold"'),
    });
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('UnknownType_StartsNothing', async () => {
    await expect(dispatch(envelope('Employee Promoted', {}))).rejects.toMatchObject({
      name: 'InvalidInputError',
    });
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('Throttled_MappedForRetry', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(dispatch(envelope('Employee Joined', exampleJoiner))).rejects.toMatchObject({
      name: 'ThrottledError',
    });
  });

  it('OddEventId_SanitisedDeterministically', async () => {
    await dispatch(envelope('Employee Joined', { ...exampleJoiner, eventId: 'hr:2026.11.21:1' }));
    await dispatch(envelope('Employee Joined', { ...exampleJoiner, eventId: 'hr:2026.11.21:1' }));
    const names = sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input.name);
    expect(names[0]).toBe(names[1]);
    expect(names[0]).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });
});

import { SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigurationError } from '../../../functions/commons/errors';
import { handler as start } from '../../../functions/start-contract-leaver';
import { handler as stop } from '../../../functions/stop-contract-leaver';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const sfn = mockClient(SFNClient);
const leaverArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:leaver';
const startInput = {
  name: 'contract-end-evt-move-1',
  employeeId: 'E1001',
  userName: 'ada.lovelace',
  lastWorkingDay: '2027-03-31',
  orderedAt: '2026-12-01T00:00:00.000Z',
  dryRun: false,
};
const runStart = (input = startInput) => start(input, lambdaContext('StartContractLeaver'));
const runStop = (dryRun = false) =>
  stop(
    { name: 'contract-end-evt-move-1', eventId: 'evt-move-2', dryRun },
    lambdaContext('StopContractLeaver'),
  );

beforeEach(() => {
  sfn.reset();
});

describe('StartContractLeaver', () => {
  it('Starts_TheLeaverAsAnEmployeeLeftForThatDay', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date() });

    await expect(runStart()).resolves.toMatchObject({ alreadyStarted: false });
    const sent = sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
    expect(sent).toMatchObject({ stateMachineArn: leaverArn, name: 'contract-end-evt-move-1' });
    expect(JSON.parse(sent.input ?? '')).toEqual({
      eventId: 'contract-end-evt-move-1',
      employeeId: 'E1001',
      userName: 'ada.lovelace',
      lastWorkingDay: '2027-03-31',
      immediate: false,
      occurredAt: '2026-12-01T00:00:00.000Z',
    });
  });

  it('SameChangeAgain_AlreadyStarted', async () => {
    sfn.on(StartExecutionCommand).rejects(serviceError('ExecutionAlreadyExists'));
    await expect(runStart()).resolves.toMatchObject({ alreadyStarted: true });
  });

  it('AccessDenied_IsConfigurationError', async () => {
    sfn.on(StartExecutionCommand).rejects(serviceError('AccessDeniedException'));
    await expect(runStart()).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('DryRun_StartsNothing', async () => {
    await expect(runStart({ ...startInput, dryRun: true })).resolves.toMatchObject({ dryRun: true });
    expect(sfn).not.toHaveReceivedAnyCommand();
  });
});

describe('StopContractLeaver', () => {
  it('Stops_TheExecutionByName', async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });

    await expect(runStop()).resolves.toMatchObject({ stopped: true });
    expect(sfn).toHaveReceivedCommandWith(StopExecutionCommand, {
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:leaver:contract-end-evt-move-1',
      error: 'ContractEndChanged',
    });
  });

  it('NoSuchExecution_IsSuccess', async () => {
    sfn.on(StopExecutionCommand).rejects(serviceError('ExecutionDoesNotExist'));
    await expect(runStop()).resolves.toMatchObject({ stopped: false });
  });

  it.each(['InvalidArn', 'AccessDeniedException'])('%s_IsConfigurationError', async (code) => {
    sfn.on(StopExecutionCommand).rejects(serviceError(code));
    await expect(runStop()).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('DryRun_StopsNothing', async () => {
    await expect(runStop(true)).resolves.toMatchObject({ dryRun: true });
    expect(sfn).not.toHaveReceivedAnyCommand();
  });
});

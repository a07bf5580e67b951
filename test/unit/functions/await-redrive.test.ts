import { handler } from '../../../functions/await-redrive';
import { lambdaContext } from '../../../sandbox/state-machines';

const state = {
  eventId: 'evt-0001',
  workspace: { workspaceId: 'ws-abcdef123' },
  error: { Error: 'EmailRejectedError', Cause: 'SendEmail: MessageRejected: suppressed' },
  failedEvent: { eventId: 'bus-1' },
  alert: { messageId: 'sns-1' },
  failedAt: { redriveCount: 0 },
};
const run = (event: unknown) => handler(event, lambdaContext('AwaitRedrive'));

describe('handler', () => {
  it('FirstPass_FailsWithTheFlowsOwnError', async () => {
    await expect(run({ state, failedAtRedrive: 0, redriveCount: 0 })).rejects.toMatchObject({
      name: 'EmailRejectedError',
      message: 'SendEmail: MessageRejected: suppressed',
    });
  });

  it.each(['ThrottledError', 'TransientError'])(
    'FirstPass_%s_IsRetriesExhaustedError_SoNotRetriedAgain',
    async (name) => {
      await expect(
        run({ state: { ...state, error: { Error: name, Cause: 'x' } }, failedAtRedrive: 0, redriveCount: 0 }),
      ).rejects.toMatchObject({ name: 'RetriesExhaustedError', message: `${name}: x` });
    },
  );

  it('Redriven_ReturnsTheStateWithoutTheFailure', async () => {
    await expect(run({ state, failedAtRedrive: 0, redriveCount: 1 })).resolves.toEqual({
      eventId: 'evt-0001',
      workspace: { workspaceId: 'ws-abcdef123' },
    });
  });

  it('FailedAgainAfterARedrive_FailsUntilTheNextRedrive', async () => {
    await expect(run({ state, failedAtRedrive: 1, redriveCount: 1 })).rejects.toMatchObject({
      name: 'EmailRejectedError',
    });
    await expect(run({ state, failedAtRedrive: 1, redriveCount: 2 })).resolves.not.toHaveProperty('error');
  });

  it.each(['InvalidInputError', 'WorkspaceOfAnotherEmployee', 'WorkspaceLost'])(
    'Redriven_%s_FailsAgainSayingARedriveCannotClearIt',
    async (name) => {
      await expect(
        run({ state: { ...state, error: { Error: name, Cause: 'c' } }, failedAtRedrive: 0, redriveCount: 1 }),
      ).rejects.toMatchObject({
        name,
        message: `A redrive cannot clear ${name}; send a new event instead. c`,
      });
    },
  );
});

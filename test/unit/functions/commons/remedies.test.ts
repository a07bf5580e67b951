import { remedyFor } from '../../../../functions/commons/remedies';

const arn = (flow: string) => `arn:aws:states:us-east-1:123456789012:execution:${flow}:evt-1`;

describe('remedyFor', () => {
  it('FailedJoiner_NamesTheFixThenTheRedriveCommand', () => {
    expect(remedyFor('EmailDeferredError', arn('joiner'))).toBe(
      `SES sending is paused or its sending quota is used up: resume sending or raise the quota in SES. Then: npm run redrive -- ${arn('joiner')}`,
    );
  });

  it.each(['leaver', 'rehire'])('Failed_%s_SaysSendTheEventAgain_NotRedrive', (flow) => {
    expect(remedyFor('TransientError', arn(flow))).toBe(
      'An AWS service failed for longer than the retries. Then send the HR event again with a new eventId.',
    );
  });

  it.each(['InvalidInputError', 'WorkspaceOfAnotherEmployee', 'WorkspaceLost'])(
    'NotRedrivable_%s_NoRedriveCommand',
    (name) => {
      expect(remedyFor(name, arn('joiner'))).not.toContain('npm run redrive');
    },
  );

  it('DeadlinePassed_NothingToRun_TheProvisionerWatches', () => {
    expect(remedyFor('ProvisioningDeadlineError', arn('joiner'))).toContain('keeps watching it');
  });
});

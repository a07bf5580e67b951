import { TaskTokens } from '../../sandbox/task-tokens';

describe('task tokens', () => {
  const arn = 'arn:aws:states:us-east-1:123456789012:execution:joiner:evt-1';

  test('SuccessAnswers: SendTaskSuccess resolves the waiting answer with its output', async () => {
    const tokens = new TaskTokens();
    const { token, answer } = tokens.issue(arn);
    tokens.settle({ kind: 'success', taskToken: token, output: '{"workspaceId":"ws-abc12345"}' });
    await expect(answer).resolves.toEqual({ workspaceId: 'ws-abc12345' });
  });

  test('ForgetEndsTheWait: an execution that ended stops waiting, and its token is no longer known', async () => {
    const tokens = new TaskTokens();
    const mine = tokens.issue(arn);
    const other = tokens.issue(`${arn}-other`);
    tokens.forget(arn);
    await expect(mine.answer).rejects.toMatchObject({ name: 'ExecutionEnded' });
    expect(() => tokens.settle({ kind: 'success', taskToken: mine.token, output: '{}' })).toThrow(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
    tokens.settle({ kind: 'success', taskToken: other.token, output: '{}' });
    await expect(other.answer).resolves.toEqual({});
  });
});

test('AbandonedAnswer: forgetting a token nobody awaits (a Map iteration left behind) is no unhandled rejection', async () => {
  const tokens = new TaskTokens();
  const unhandled = jest.fn();
  process.on('unhandledRejection', unhandled);
  try {
    tokens.issue('arn:aws:states:us-east-1:123456789012:execution:leaver:evt-1');
    tokens.forget('arn:aws:states:us-east-1:123456789012:execution:leaver:evt-1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).not.toHaveBeenCalled();
  } finally {
    process.off('unhandledRejection', unhandled);
  }
});

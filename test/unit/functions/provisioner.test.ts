import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import {
  GetResourcesCommand,
  type GetResourcesCommandInput,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  CreateTagsCommand,
  CreateWorkspacesCommand,
  type CreateWorkspacesCommandInput,
  DescribeTagsCommand,
  DescribeWorkspacesCommand,
  type DescribeWorkspacesCommandInput,
  ModifyWorkspacePropertiesCommand,
  StopWorkspacesCommand,
  TerminateWorkspacesCommand,
  WorkSpacesClient,
  type WorkspaceState,
} from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { provisionerSettingsSchema } from '../../../functions/commons/config';
import {
  fromItem,
  type LateWatch,
  type QueueEntry,
  queueKeyOf,
  toItem,
} from '../../../functions/commons/provisioning';
import { provisionerAlertMark } from '../../../functions/commons/provisioning-plan';
import { handler, type RoundReport } from '../../../functions/provisioner';
import { lambdaContext } from '../../../sandbox/state-machines';
import { writtenMetrics } from '../../helpers/metrics';
import {
  autoStop,
  creation,
  goneCheck,
  leaverWorkspace,
  look,
  minute,
  stop,
  t0,
  tagging,
  tagsRead,
  termination,
  watch,
} from '../../helpers/queue-entries';
import { testDirectoryId } from '../../setup-env';
import { serviceError } from '../support';

const dynamo = mockClient(DynamoDBClient);
const sfn = mockClient(SFNClient);
const workspaces = mockClient(WorkSpacesClient);
const sns = mockClient(SNSClient);
const tagIndex = mockClient(ResourceGroupsTaggingAPIClient);
const settings = provisionerSettingsSchema.parse(JSON.parse(process.env.PROVISIONER_SETTINGS ?? '{}'));
/** The round's allowance of WorkSpaces calls: a tenth of the interval is left spare. */
const allowance = Math.floor(settings.callsPerSecond * settings.intervalMinutes * 60 * 0.9);

/** A round's report fields for leavers, when no leaver waits. */
const noLeaverWork = {
  warned: 0,
  leaverQueued: 0,
  leaverAnswered: 0,
  leaverCalls: {
    stops: 0,
    looks: 0,
    listingPages: 0,
    terminations: 0,
    goneChecks: 0,
    tagReads: 0,
    tagIndexReads: 0,
    tagging: 0,
    autoStops: 0,
  },
};

const tokenOf = (name: string) => `token-${name}`;
/** A user name that is also a WorkSpace id once prefixed: `joiner001` has `ws-joiner001`. */
const userName = (n: number) => `joiner${String(n).padStart(3, '0')}`;
const workspaceIdOf = (user: string) => `ws-${user.toLowerCase()}`;

const queue = (...entries: QueueEntry[]) => dynamo.on(ScanCommand).resolves({ Items: entries.map(toItem) });

/** CreateWorkspaces accepting every request, answering in the reverse order of the requests. */
const acceptAll = async (input: CreateWorkspacesCommandInput) => ({
  PendingRequests: [...(input.Workspaces ?? [])].reverse().map((w) => ({
    WorkspaceId: workspaceIdOf(w.UserName ?? ''),
    DirectoryId: w.DirectoryId,
    UserName: w.UserName,
    State: 'PENDING' as const,
  })),
  FailedRequests: [],
});

/** DescribeWorkspaces reporting every id asked about in `state`. */
const describeAll = (state: WorkspaceState) => async (input: DescribeWorkspacesCommandInput) => ({
  Workspaces: (input.WorkspaceIds ?? []).map((WorkspaceId) => ({ WorkspaceId, State: state })),
});

/** One round, its paced waits run on the fake clock. */
async function round(): Promise<RoundReport> {
  let done = false;
  const result = handler({}, lambdaContext('Provisioner')).finally(() => {
    done = true;
  });
  while (!done) await jest.advanceTimersByTimeAsync(50);
  return result;
}

const createdBatches = () =>
  workspaces
    .commandCalls(CreateWorkspacesCommand)
    .map((c) => c.args[0].input.Workspaces?.map((w) => w.UserName));
const describedBatches = () =>
  workspaces.commandCalls(DescribeWorkspacesCommand).map((c) => c.args[0].input.WorkspaceIds ?? []);
const successes = () =>
  new Map(
    sfn
      .commandCalls(SendTaskSuccessCommand)
      .map((c) => [c.args[0].input.taskToken, JSON.parse(c.args[0].input.output ?? 'null')]),
  );
const failures = () =>
  new Map(
    sfn
      .commandCalls(SendTaskFailureCommand)
      .map((c) => [
        c.args[0].input.taskToken,
        { error: c.args[0].input.error, cause: c.args[0].input.cause },
      ]),
  );
const deletedKeys = () => dynamo.commandCalls(DeleteItemCommand).map((c) => c.args[0].input.Key?.id?.S);
const keyOf = (token: string) => queueKeyOf(token).id.S;

beforeEach(() => {
  jest.useFakeTimers({ now: t0, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
  dynamo.reset();
  sfn.reset();
  workspaces.reset();
  sns.reset();
  tagIndex.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
  dynamo.on(ScanCommand).resolves({ Items: [] });
  dynamo.on(DeleteItemCommand).resolves({});
  dynamo.on(PutItemCommand).resolves({});
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(SendTaskFailureCommand).resolves({});
  workspaces.on(CreateWorkspacesCommand).callsFake(acceptAll);
  workspaces.on(DescribeWorkspacesCommand).callsFake(describeAll('PENDING'));
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('handler: reading the queue', () => {
  it('Settings_AreTheExampleDefaults', () => {
    // The budget tests below rely on a round allowing fewer calls than they need.
    expect(settings).toEqual({
      intervalMinutes: 1,
      callsPerSecond: 1.5,
      firstLookSeconds: 600,
      deadlineSeconds: 5400,
      lateWatchHours: 24,
    });
    expect(allowance).toBe(81);
  });

  it('EmptyQueue_CallsNothingAndReportsNothing', async () => {
    const report = await round();

    expect(report).toEqual({
      ...noLeaverWork,
      queued: 0,
      created: 0,
      settled: 0,
      failed: 0,
      waiting: 0,
      workspacesCalls: 0,
      throttled: false,
      quotaWaiting: 0,
      resumed: 0,
      alerts: 0,
    });
    expect(dynamo).toHaveReceivedCommandWith(ScanCommand, { TableName: 'provisioning-queue' });
    expect(workspaces).not.toHaveReceivedAnyCommand();
    expect(sfn).not.toHaveReceivedAnyCommand();
  });

  it('PaginatedScan_ReadsEveryPage', async () => {
    // Prepare
    const lastKey = { id: { S: 'page-one-end' } };
    dynamo
      .on(ScanCommand)
      .resolvesOnce({ Items: [toItem(creation('ada'))], LastEvaluatedKey: lastKey })
      .resolvesOnce({ Items: [toItem(creation('grace'))] });

    // Act
    const report = await round();

    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(ScanCommand, 2);
    const scans = dynamo.commandCalls(ScanCommand).map((c) => c.args[0].input);
    expect(scans[0]).toEqual({ TableName: 'provisioning-queue', ExclusiveStartKey: undefined });
    expect(scans[1]).toEqual({ TableName: 'provisioning-queue', ExclusiveStartKey: lastKey });
    expect(createdBatches()).toEqual([['ada', 'grace']]);
    expect(report).toMatchObject({ queued: 2, created: 2 });
  });

  it('ItemsThatAreNotEntries_AreIgnoredAndKept', async () => {
    // Prepare
    const strangers: Record<string, AttributeValue>[] = [
      { id: { S: 'no-entry' } },
      { id: { S: 'not-json' }, entry: { S: '{not json' } },
      {
        id: { S: 'unknown-kind' },
        entry: { S: JSON.stringify({ kind: 'delete', token: 't', queuedAt: 1 }) },
      },
      { id: { S: 'bad-watch' }, entry: { S: JSON.stringify({ ...watch(1), workspaceId: 'not-an-id' }) } },
    ];
    dynamo.on(ScanCommand).resolves({ Items: [...strangers, toItem(creation('ada'))] });

    // Act
    const report = await round();

    // Assess
    expect(report).toMatchObject({ queued: 1, created: 1, waiting: 0 });
    expect(createdBatches()).toEqual([['ada']]);
    expect(describedBatches()).toEqual([]);
    expect(deletedKeys()).toEqual([keyOf(tokenOf('ada'))]);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect(sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
  });
});

describe('handler: creations', () => {
  it('ThirtyCreations_TwoCallsOf25And5_EachAnsweredByUserNameAndDeleted', async () => {
    // Prepare: queued oldest first by number, read in another order.
    const users = Array.from({ length: 30 }, (_, i) => userName(i + 1));
    const entries = users.map((user, i) => creation(user, t0 - 30 * minute + i));
    queue(...[...entries].reverse());

    // Act
    const report = await round();

    // Assess
    expect(createdBatches()).toEqual([users.slice(0, 25), users.slice(25)]);
    expect(workspaces.commandCalls(CreateWorkspacesCommand)[0].args[0].input.Workspaces?.[0]).toEqual(
      entries[0].request,
    );
    const answered = successes();
    expect(answered.size).toBe(30);
    for (const user of users) {
      expect(answered.get(tokenOf(user))).toEqual({ workspaceId: workspaceIdOf(user), adopted: false });
    }
    expect(sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
    expect(new Set(deletedKeys())).toEqual(new Set(users.map((u) => keyOf(tokenOf(u)))));
    expect(dynamo).toHaveReceivedCommandWith(DeleteItemCommand, {
      TableName: 'provisioning-queue',
      Key: queueKeyOf(tokenOf(users[0])),
    });
    expect(report).toEqual({
      ...noLeaverWork,
      queued: 30,
      created: 30,
      settled: 0,
      failed: 0,
      waiting: 0,
      workspacesCalls: 2,
      throttled: false,
      quotaWaiting: 0,
      resumed: 0,
      alerts: 0,
    });
  });

  it('PendingRequestWithOtherCase_IsStillMatched', async () => {
    queue(creation('Ada.Lovelace'));
    workspaces.on(CreateWorkspacesCommand).resolves({
      PendingRequests: [
        { WorkspaceId: 'ws-abcdef123', DirectoryId: testDirectoryId, UserName: 'ada.lovelace' },
      ],
      FailedRequests: [],
    });

    await round();

    expect(successes().get(tokenOf('Ada.Lovelace'))).toEqual({ workspaceId: 'ws-abcdef123', adopted: false });
  });

  it.each([
    ['ResourceExists.WorkSpace', 'WorkspaceExistsError'],
    ['ResourceNotFound.User', 'UserNotFoundError'],
    ['ResourceNotFound.Bundle', 'WorkspaceRequestError'],
  ])('FailedRequest_%s_AnsweredWith_%s', async (code, errorName) => {
    // Prepare: one of two requests fails, the other goes through.
    queue(creation('ada'), creation('grace'));
    workspaces.on(CreateWorkspacesCommand).resolves({
      PendingRequests: [{ WorkspaceId: 'ws-grace0001', DirectoryId: testDirectoryId, UserName: 'grace' }],
      FailedRequests: [
        {
          WorkspaceRequest: creation('ada').request,
          ErrorCode: code,
          ErrorMessage: 'refused',
        },
      ],
    });

    // Act
    const report = await round();

    // Assess
    expect(failures().get(tokenOf('ada'))).toEqual({
      error: errorName,
      cause: `CreateWorkspaces: ${code}: refused`,
    });
    expect(successes().get(tokenOf('grace'))).toEqual({ workspaceId: 'ws-grace0001', adopted: false });
    expect(sfn).toHaveReceivedCommandTimes(SendTaskFailureCommand, 1);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect(new Set(deletedKeys())).toEqual(new Set([keyOf(tokenOf('ada')), keyOf(tokenOf('grace'))]));
    expect(report).toMatchObject({ created: 1, failed: 1, waiting: 0 });
  });

  it('NeitherPendingNorFailed_AnsweredWithWorkspaceRequestError', async () => {
    queue(creation('ada'));
    workspaces.on(CreateWorkspacesCommand).resolves({ PendingRequests: [], FailedRequests: [] });

    await round();

    expect(failures().get(tokenOf('ada'))).toEqual({
      error: 'WorkspaceRequestError',
      cause: 'CreateWorkspaces: answered with neither a pending nor a failed request',
    });
    expect(deletedKeys()).toEqual([keyOf(tokenOf('ada'))]);
  });

  it.each([
    ['SameName', 'ada.lovelace'],
    ['OtherCase', 'Ada.Lovelace'],
  ])('SameUserTwice_%s_OnlyTheOlderIsSentThisRound', async (_, secondName) => {
    // Prepare
    const older = creation('ada.lovelace', t0 - 2 * minute, 'token-older');
    const newer = creation(secondName, t0 - minute, 'token-newer');
    queue(newer, older, creation('grace'));

    // Act
    const report = await round();

    // Assess
    expect(createdBatches()).toEqual([['ada.lovelace', 'grace']]);
    expect(successes().has('token-older')).toBe(true);
    expect(successes().has('token-newer')).toBe(false);
    expect(failures().has('token-newer')).toBe(false);
    expect(deletedKeys()).toContain(keyOf('token-older'));
    expect(deletedKeys()).not.toContain(keyOf('token-newer'));
    expect(report).toMatchObject({ queued: 3, created: 2, waiting: 1 });
  });

  it('InvalidParameterValuesForABatch_SendsEachRequestAlone', async () => {
    // Prepare: one bad request refuses the whole call.
    queue(creation('ada'), creation('bad'), creation('grace'));
    workspaces.on(CreateWorkspacesCommand).callsFake(async (input: CreateWorkspacesCommandInput) => {
      if (input.Workspaces?.some((w) => w.UserName === 'bad')) {
        throw serviceError('InvalidParameterValuesException', 400, 'The bundle is not valid');
      }
      return acceptAll(input);
    });

    // Act
    const report = await round();

    // Assess
    expect(createdBatches()).toEqual([['ada', 'bad', 'grace'], ['ada'], ['bad'], ['grace']]);
    expect(successes().get(tokenOf('ada'))).toEqual({ workspaceId: 'ws-ada', adopted: false });
    expect(successes().get(tokenOf('grace'))).toEqual({ workspaceId: 'ws-grace', adopted: false });
    expect(failures().get(tokenOf('bad'))).toEqual({
      error: 'WorkspaceRequestError',
      cause: 'CreateWorkspaces: InvalidParameterValuesException: The bundle is not valid',
    });
    expect(deletedKeys()).toHaveLength(3);
    expect(report).toMatchObject({ created: 2, failed: 1, waiting: 0, workspacesCalls: 4 });
  });

  it('InvalidParameterValuesForOneRequest_AnsweredWithoutAResend', async () => {
    queue(creation('bad'));
    workspaces.on(CreateWorkspacesCommand).rejects(serviceError('InvalidParameterValuesException'));

    await round();

    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 1);
    expect(failures().get(tokenOf('bad'))).toMatchObject({ error: 'WorkspaceRequestError' });
  });

  it.each(['ResourceLimitExceeded', 'ResourceLimitExceeded.WorkSpacesPerDirectory'])(
    'QuotaInFailedRequests_%s_KeptWaitingNotFailed_OneAlert',
    async (code) => {
      queue(creation('ada'), creation('grace'));
      workspaces.on(CreateWorkspacesCommand).resolves({
        PendingRequests: [{ WorkspaceId: 'ws-grace0001', DirectoryId: testDirectoryId, UserName: 'grace' }],
        FailedRequests: [
          { WorkspaceRequest: creation('ada').request, ErrorCode: code, ErrorMessage: 'limit' },
        ],
      });

      const report = await round();

      expect(failures().size).toBe(0);
      expect(successes().get(tokenOf('grace'))).toEqual({ workspaceId: 'ws-grace0001', adopted: false });
      expect(deletedKeys()).toEqual([keyOf(tokenOf('grace'))]);
      expect(report).toMatchObject({ created: 1, failed: 0, quotaWaiting: 1, alerts: 1 });
      expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    },
  );

  it('Quota5With8Joiners_FiveCreatedThreeWaitOneAlert', async () => {
    // Prepare: room for 5 more WorkSpaces; the call for all 8 is refused whole, as the emulator does.
    queue(...Array.from({ length: 8 }, (_, i) => creation(userName(i), t0 - minute + i)));
    let room = 5;
    workspaces.on(CreateWorkspacesCommand).callsFake(async (input: CreateWorkspacesCommandInput) => {
      const n = input.Workspaces?.length ?? 0;
      if (n > room) throw serviceError('ResourceLimitExceededException', 400, 'limit');
      room -= n;
      return acceptAll(input);
    });

    // Act
    const report = await round();

    // Assess: 1 refused call, 5 single calls, 1 refused single; the 3 others wait with no call.
    expect(createdBatches().map((b) => b?.length)).toEqual([8, 1, 1, 1, 1, 1, 1]);
    expect(successes().size).toBe(5);
    expect(failures().size).toBe(0);
    expect(report).toMatchObject({ created: 5, quotaWaiting: 3, alerts: 1 });
    const message = String(sns.commandCalls(PublishCommand)[0].args[0].input.Message);
    expect(message).toContain('3 joiners wait for capacity');
    expect(message).toMatch(/raise the WorkSpaces quota .* or terminate/);
    const notice = dynamo
      .commandCalls(PutItemCommand)
      .map((c) => fromItem(c.args[0].input.Item ?? {}))
      .find((e) => e?.kind === 'notice');
    expect(notice).toMatchObject({ waiting: 3 });
  });

  it('QuotaStillFull_NextRound_NoSecondAlert', async () => {
    queue(creation('ada'), {
      kind: 'notice',
      token: 'notice:quota',
      queuedAt: t0 - minute,
      waiting: 1,
    });
    workspaces.on(CreateWorkspacesCommand).rejects(serviceError('ResourceLimitExceededException'));

    const report = await round();

    expect(report).toMatchObject({ quotaWaiting: 1, alerts: 0 });
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    expect(failures().size).toBe(0);
  });

  it('QuotaRaised_WaitingCreated_NoticeDeleted', async () => {
    queue(creation('ada'), { kind: 'notice', token: 'notice:quota', queuedAt: t0 - minute, waiting: 1 });

    const report = await round();

    expect(report).toMatchObject({ created: 1, quotaWaiting: 0, alerts: 0 });
    expect(deletedKeys()).toContain(keyOf('notice:quota'));
  });

  it('QuotaFullPastTheDeadline_FailsWithQuotaErrorAndOneAlertForAll', async () => {
    queue(creation('ada', t0 - 91 * minute), creation('grace', t0 - 91 * minute), creation('alan'));
    workspaces.on(CreateWorkspacesCommand).rejects(serviceError('ResourceLimitExceededException'));

    const report = await round();

    expect(failures().get(tokenOf('ada'))).toMatchObject({ error: 'WorkspaceQuotaExceededError' });
    expect(String(failures().get(tokenOf('ada'))?.cause)).toContain(provisionerAlertMark);
    expect(failures().has(tokenOf('alan'))).toBe(false);
    expect(report).toMatchObject({ failed: 2, quotaWaiting: 1, alerts: 2 });
  });

  it('ExecutionNoLongerWaits_NothingCreatedAndItemDeleted', async () => {
    // A leaver stopped this joiner while its creation was queued: the heartbeat says so.
    queue(creation('ada'), creation('grace'));
    sfn.on(SendTaskHeartbeatCommand, { taskToken: tokenOf('ada') }).rejects(serviceError('TaskTimedOut'));
    workspaces.on(CreateWorkspacesCommand).callsFake(acceptAll);

    await round();

    const sent = workspaces.commandCalls(CreateWorkspacesCommand)[0].args[0].input.Workspaces ?? [];
    expect(sent.map((r) => r.UserName)).toEqual(['grace']);
    expect(dynamo).toHaveReceivedCommandWith(DeleteItemCommand, { Key: queueKeyOf(tokenOf('ada')) });
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
  });

  it('ManyQueued_OnlyTheCreationsThisRoundCanSendAreAsked: heartbeats stay within reach, oldest first', async () => {
    // More joiners queued than a round's calls can create: 25 per call, `allowance` calls.
    const reach = allowance * 25;
    const creations = Array.from({ length: reach + 40 }, (_, i) =>
      creation(userName(i + 1), t0 - minute + i),
    );
    queue(...[...creations].reverse());
    sfn.on(SendTaskHeartbeatCommand).resolves({});
    workspaces.on(CreateWorkspacesCommand).callsFake(acceptAll);

    const report = await round();

    expect(sfn).toHaveReceivedCommandTimes(SendTaskHeartbeatCommand, reach);
    const asked = sfn.commandCalls(SendTaskHeartbeatCommand).map((c) => c.args[0].input.taskToken);
    expect(asked).not.toContain(tokenOf(userName(reach + 1)));
    expect(asked).toContain(tokenOf(userName(1)));
    expect(report.created).toBe(reach);
    expect(report.waiting).toBe(40);
  });

  it('HeartbeatUnanswered_CreationWaitsForTheNextRound', async () => {
    queue(creation('ada'));
    sfn.on(SendTaskHeartbeatCommand).rejects(serviceError('InternalFailure', 500));

    await round();

    expect(workspaces).not.toHaveReceivedCommand(CreateWorkspacesCommand);
    expect(dynamo).not.toHaveReceivedCommand(DeleteItemCommand);
  });

  it('Throttled_NothingAnsweredNothingDeletedNoMoreCalls', async () => {
    // Prepare: two batches of creations and WorkSpaces due a look.
    const creations = Array.from({ length: 30 }, (_, i) => creation(userName(i + 1)));
    queue(...creations, watch(1), watch(2));
    workspaces.on(CreateWorkspacesCommand).rejects(serviceError('ThrottlingException'));

    // Act
    const report = await round();

    // Assess
    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 1);
    expect(workspaces).not.toHaveReceivedCommand(DescribeWorkspacesCommand);
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
    expect(sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
    expect(dynamo).not.toHaveReceivedCommand(DeleteItemCommand);
    expect(report).toEqual({
      ...noLeaverWork,
      queued: 32,
      created: 0,
      settled: 0,
      failed: 0,
      waiting: 32,
      workspacesCalls: 1,
      throttled: true,
      quotaWaiting: 0,
      resumed: 0,
      alerts: 0,
    });
  });

  it('ThrottledWhileSendingAlone_StopsTheRound', async () => {
    queue(creation('ada'), creation('bad'), creation('grace'), watch(1));
    workspaces
      .on(CreateWorkspacesCommand)
      .rejectsOnce(serviceError('InvalidParameterValuesException'))
      .callsFakeOnce(acceptAll)
      .rejects(serviceError('ThrottlingException'));

    const report = await round();

    expect(createdBatches()).toEqual([['ada', 'bad', 'grace'], ['ada'], ['bad']]);
    expect(workspaces).not.toHaveReceivedCommand(DescribeWorkspacesCommand);
    expect([...successes().keys()]).toEqual([tokenOf('ada')]);
    expect(sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
    expect(deletedKeys()).toEqual([keyOf(tokenOf('ada'))]);
    expect(report).toMatchObject({ created: 1, waiting: 3, throttled: true, workspacesCalls: 3 });
  });

  it('ServerError_LeavesTheBatchForTheNextRoundAndGoesOn', async () => {
    // Prepare
    const users = Array.from({ length: 30 }, (_, i) => userName(i + 1));
    queue(...users.map((user, i) => creation(user, t0 - 30 * minute + i)));
    workspaces
      .on(CreateWorkspacesCommand)
      .rejectsOnce(serviceError('InternalServerException', 500))
      .callsFake(acceptAll);

    // Act
    const report = await round();

    // Assess
    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 2);
    expect([...successes().keys()].sort()).toEqual(users.slice(25).map(tokenOf));
    expect(sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
    expect(new Set(deletedKeys())).toEqual(new Set(users.slice(25).map((u) => keyOf(tokenOf(u)))));
    expect(report).toMatchObject({ created: 5, waiting: 25, throttled: false });
  });
});

describe('handler: metrics', () => {
  it('ARound_RecordsItsDurationCallsCreationsAndThrottling', async () => {
    queue(creation(userName(1), t0 - minute), creation(userName(2), t0 - minute));

    const written = await writtenMetrics(() => round());

    const byName = Object.fromEntries(written.map((m) => [m.name, m.value]));
    expect(byName).toMatchObject({
      ProvisionerWorkspacesCalls: 1,
      WorkspacesCreated: 2,
      ProvisionerThrottled: 0,
    });
    expect(byName.ProvisionerRoundSeconds).toEqual(expect.any(Number));
  });
});

describe('handler: watches', () => {
  it('OnlyWorkspacesDueALook_AreDescribed', async () => {
    // Prepare
    const due = watch(1, { lookAfter: t0 - 1000 });
    const dueNow = watch(2, { lookAfter: t0 });
    const notYet = watch(3, { lookAfter: t0 + 5 * minute });
    queue(due, dueNow, notYet);

    // Act
    const report = await round();

    // Assess
    expect(describedBatches()).toEqual([[due.workspaceId, dueNow.workspaceId]]);
    expect(report).toMatchObject({ queued: 3, settled: 0, waiting: 3, workspacesCalls: 1 });
  });

  it('SixtyDue_ThreeCallsOf25IdsAtMost', async () => {
    const watches = Array.from({ length: 60 }, (_, i) => watch(i + 1));
    queue(...watches);

    await round();

    expect(describedBatches().map((ids) => ids.length)).toEqual([25, 25, 10]);
    expect(describedBatches().flat()).toEqual(watches.map((w) => w.workspaceId));
  });

  it.each(['AVAILABLE', 'ERROR', 'UNHEALTHY', 'STOPPED', 'TERMINATING', 'TERMINATED', 'SUSPENDED'] as const)(
    'Settled_%s_AnsweredWithTheStateAndDeleted',
    async (state) => {
      // Prepare
      const entry = watch(1);
      queue(entry);
      workspaces.on(DescribeWorkspacesCommand).callsFake(describeAll(state));

      // Act
      const report = await round();

      // Assess
      expect(successes()).toEqual(new Map([[entry.token, { workspaceId: entry.workspaceId, state }]]));
      expect(sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
      expect(deletedKeys()).toEqual([keyOf(entry.token)]);
      expect(report).toMatchObject({ settled: 1, waiting: 0 });
    },
  );

  it.each([
    ['PENDING', [{ State: 'PENDING' as const }]],
    ['STARTING', [{ State: 'STARTING' as const }]],
    ['REBUILDING', [{ State: 'REBUILDING' as const }]],
    ['NotReturned', []],
  ])('Unsettled_%s_BeforeTheDeadline_NothingSent', async (_, listed) => {
    const entry = watch(1);
    queue(entry);
    workspaces
      .on(DescribeWorkspacesCommand)
      .resolves({ Workspaces: listed.map((w) => ({ ...w, WorkspaceId: entry.workspaceId })) });

    const report = await round();

    expect(workspaces).toHaveReceivedCommandWith(DescribeWorkspacesCommand, {
      WorkspaceIds: [entry.workspaceId],
    });
    expect(sfn).not.toHaveReceivedAnyCommand();
    expect(dynamo).not.toHaveReceivedCommand(DeleteItemCommand);
    expect(report).toMatchObject({ settled: 0, failed: 0, waiting: 1 });
  });

  it.each([
    ['PENDING', [{ State: 'PENDING' as const }], 'PENDING'],
    ['NotReturned', [], 'PENDING'],
    ['REBUILDING', [{ State: 'REBUILDING' as const }], 'REBUILDING'],
  ])('Unsettled_%s_PastTheDeadline_FailsWithProvisioningDeadlineError', async (_, listed, shown) => {
    // Prepare
    const entry = watch(1, { queuedAt: t0 - 90 * minute, deadline: t0 - 1000 });
    queue(entry);
    workspaces
      .on(DescribeWorkspacesCommand)
      .resolves({ Workspaces: listed.map((w) => ({ ...w, WorkspaceId: entry.workspaceId })) });

    // Act
    const report = await round();

    // Assess
    expect(failures()).toEqual(
      new Map([
        [
          entry.token,
          {
            error: 'ProvisioningDeadlineError',
            cause: `${entry.workspaceId} is still ${shown} after 90 minutes (deadline 5400 s) ${provisionerAlertMark}`,
          },
        ],
      ]),
    );
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
    expect(deletedKeys()).toEqual([keyOf(entry.token)]);
    expect(report).toMatchObject({ failed: 1, waiting: 0 });
  });

  it('SettledPastTheDeadline_IsStillASuccess', async () => {
    const entry = watch(1, { deadline: t0 - 1000 });
    queue(entry);
    workspaces.on(DescribeWorkspacesCommand).callsFake(describeAll('AVAILABLE'));

    await round();

    expect(successes().get(entry.token)).toEqual({ workspaceId: entry.workspaceId, state: 'AVAILABLE' });
    expect(sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
  });

  it('MixedBatch_EachWorkspaceAnsweredByItsOwnState', async () => {
    const available = watch(1);
    const pending = watch(2);
    const failed = watch(3);
    queue(available, pending, failed);
    workspaces.on(DescribeWorkspacesCommand).resolves({
      Workspaces: [
        { WorkspaceId: failed.workspaceId, State: 'ERROR' },
        { WorkspaceId: pending.workspaceId, State: 'PENDING' },
        { WorkspaceId: available.workspaceId, State: 'AVAILABLE' },
      ],
    });

    const report = await round();

    expect(successes()).toEqual(
      new Map([
        [available.token, { workspaceId: available.workspaceId, state: 'AVAILABLE' }],
        [failed.token, { workspaceId: failed.workspaceId, state: 'ERROR' }],
      ]),
    );
    expect(deletedKeys()).not.toContain(keyOf(pending.token));
    expect(report).toMatchObject({ settled: 2, waiting: 1 });
  });

  it('DescribeThrottled_NothingAnsweredAndNoMoreCalls', async () => {
    queue(...Array.from({ length: 60 }, (_, i) => watch(i + 1, { deadline: t0 - 1000 })));
    workspaces.on(DescribeWorkspacesCommand).rejects(serviceError('ThrottlingException'));

    const report = await round();

    expect(workspaces).toHaveReceivedCommandTimes(DescribeWorkspacesCommand, 1);
    expect(sfn).not.toHaveReceivedAnyCommand();
    expect(dynamo).not.toHaveReceivedCommand(DeleteItemCommand);
    expect(report).toMatchObject({ throttled: true, waiting: 60, workspacesCalls: 1 });
  });

  it('DescribeServerError_NothingAnsweredAndTheNextBatchIsDescribed', async () => {
    const watches = Array.from({ length: 30 }, (_, i) => watch(i + 1));
    queue(...watches);
    workspaces
      .on(DescribeWorkspacesCommand)
      .rejectsOnce(serviceError('InternalServerException', 500))
      .callsFake(describeAll('AVAILABLE'));

    const report = await round();

    expect(workspaces).toHaveReceivedCommandTimes(DescribeWorkspacesCommand, 2);
    expect([...successes().keys()]).toEqual(watches.slice(25).map((w) => w.token));
    expect(report).toMatchObject({ settled: 5, waiting: 25, throttled: false });
  });
});

describe('handler: answering task tokens', () => {
  it.each(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'])(
    'SuccessAnswered_%s_ItemDeletedAnyway',
    async (name) => {
      const entry = watch(1);
      queue(entry);
      workspaces.on(DescribeWorkspacesCommand).callsFake(describeAll('AVAILABLE'));
      sfn.on(SendTaskSuccessCommand).rejects(serviceError(name));

      await round();

      expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
      expect(deletedKeys()).toEqual([keyOf(entry.token)]);
    },
  );

  it.each(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'])(
    'FailureAnswered_%s_ItemDeletedAnyway',
    async (name) => {
      queue(creation('ada'));
      workspaces.on(CreateWorkspacesCommand).resolves({
        FailedRequests: [
          { WorkspaceRequest: creation('ada').request, ErrorCode: 'ResourceExists.WorkSpace' },
        ],
      });
      sfn.on(SendTaskFailureCommand).rejects(serviceError(name));

      await round();

      expect(sfn).toHaveReceivedCommandTimes(SendTaskFailureCommand, 1);
      expect(deletedKeys()).toEqual([keyOf(tokenOf('ada'))]);
    },
  );

  it.each([
    ['InternalServerError', 500],
    ['ThrottlingException', 400],
  ])('SuccessNotAnswered_%s_ItemKept', async (name, status) => {
    // Prepare
    queue(creation('ada'), creation('grace'));
    sfn
      .on(SendTaskSuccessCommand)
      .resolves({})
      .on(SendTaskSuccessCommand, { taskToken: tokenOf('ada') })
      .rejects(serviceError(name, status));

    // Act
    const report = await round();

    // Assess
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: tokenOf('ada') });
    expect(deletedKeys()).toEqual([keyOf(tokenOf('grace'))]);
    expect(report).toMatchObject({ created: 1, failed: 0, waiting: 1 });
  });

  it('FailureNotAnswered_ItemKeptAndNotCountedAsFailed', async () => {
    queue(creation('ada'));
    workspaces.on(CreateWorkspacesCommand).resolves({
      FailedRequests: [{ WorkspaceRequest: creation('ada').request, ErrorCode: 'ResourceNotFound.User' }],
    });
    sfn.on(SendTaskFailureCommand).rejects(serviceError('InternalServerError', 500));

    const report = await round();

    expect(sfn).toHaveReceivedCommandTimes(SendTaskFailureCommand, 1);
    expect(dynamo).not.toHaveReceivedCommand(DeleteItemCommand);
    expect(report).toMatchObject({ failed: 0, waiting: 1 });
  });

  it('LongErrorMessage_CauseIsCutToTheLimit', async () => {
    queue(creation('ada'));
    workspaces.on(CreateWorkspacesCommand).resolves({
      FailedRequests: [
        { WorkspaceRequest: creation('ada').request, ErrorCode: 'Odd', ErrorMessage: 'x'.repeat(40_000) },
      ],
    });

    await round();

    const cause = failures().get(tokenOf('ada'))?.cause ?? '';
    expect(cause).toHaveLength(32_768);
    expect(cause.startsWith('CreateWorkspaces: Odd: xxx')).toBe(true);
  });
});

describe('handler: call budget', () => {
  it('MoreWorkThanTheBudget_NoMoreCallsThanTheAllowance', async () => {
    // Prepare: 4 CreateWorkspaces calls and 81 DescribeWorkspaces calls of work, 85 in all.
    const creations = Array.from({ length: 100 }, (_, i) => creation(userName(i + 1)));
    const watches = Array.from({ length: allowance * 25 }, (_, i) => watch(i + 1));
    queue(...creations, ...watches);

    // Act
    const report = await round();

    // Assess
    const calls = workspaces.calls().length;
    expect(calls).toBe(allowance);
    expect(report.workspacesCalls).toBe(allowance);
    expect(workspaces).toHaveReceivedCommandTimes(CreateWorkspacesCommand, 4);
    expect(workspaces).toHaveReceivedCommandTimes(DescribeWorkspacesCommand, allowance - 4);
    expect(report).toMatchObject({ created: 100, waiting: watches.length, throttled: false });
  });

  it('Calls_AreSpacedByTheCallRate', async () => {
    // Prepare
    const times: number[] = [];
    workspaces.on(CreateWorkspacesCommand).callsFake(async (input: CreateWorkspacesCommandInput) => {
      times.push(Date.now());
      return acceptAll(input);
    });
    workspaces.on(DescribeWorkspacesCommand).callsFake(async (input: DescribeWorkspacesCommandInput) => {
      times.push(Date.now());
      return describeAll('PENDING')(input);
    });
    queue(...Array.from({ length: 60 }, (_, i) => creation(userName(i + 1))), watch(1));

    // Act
    await round();

    // Assess
    expect(times).toHaveLength(4);
    // Whole milliseconds: the clock has no finer grain than the timers.
    const spacing = Math.floor(1000 / settings.callsPerSecond);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(spacing);
  });
});

describe('handler: late watch', () => {
  const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:joiner:evt-0001';
  const late = (state: Partial<LateWatch> = {}): LateWatch => ({
    kind: 'late',
    token: 'late:ws-late0001',
    queuedAt: t0 - 60 * minute,
    workspaceId: 'ws-late0001',
    executionArn,
    lookAfter: t0 - minute,
    until: t0 + 23 * 60 * minute,
    ...state,
  });

  it('DeadlinePassed_LateWatchKeptAndOneAlertForAll', async () => {
    queue(
      { ...watch(1, { deadline: t0 - minute }), executionArn },
      { ...watch(2, { deadline: t0 - minute }), executionArn: `${executionArn}2` },
    );

    const report = await round();

    expect(failures().size).toBe(2);
    const kept = dynamo
      .commandCalls(PutItemCommand)
      .map((c) => fromItem(c.args[0].input.Item ?? {}))
      .filter((e) => e?.kind === 'late');
    expect(kept).toHaveLength(2);
    expect(kept[0]).toMatchObject({ executionArn, until: t0 + 24 * 60 * minute });
    expect(report.alerts).toBe(1);
    expect(String(sns.commandCalls(PublishCommand)[0].args[0].input.Message)).toContain('keeps looking');
  });

  it('LateWorkspaceAvailable_JoinerRedrivenAndOneAlert', async () => {
    queue(late());
    workspaces.on(DescribeWorkspacesCommand).callsFake(describeAll('AVAILABLE'));
    sfn.on(RedriveExecutionCommand).resolves({ redriveDate: new Date() });

    const report = await round();

    expect(sfn).toHaveReceivedCommandWith(RedriveExecutionCommand, { executionArn });
    expect(deletedKeys()).toEqual([keyOf('late:ws-late0001')]);
    expect(report).toMatchObject({ resumed: 1, alerts: 1 });
  });

  it('LateWorkspaceAvailable_JoinerStillFailing_TriedAgainNextRound', async () => {
    queue(late());
    workspaces.on(DescribeWorkspacesCommand).callsFake(describeAll('AVAILABLE'));
    sfn
      .on(RedriveExecutionCommand)
      .rejects(serviceError('ExecutionNotRedrivable', 400, 'Execution is RUNNING and cannot be redriven'));

    const report = await round();

    expect(deletedKeys()).toEqual([]);
    expect(report).toMatchObject({ resumed: 0, alerts: 0 });
  });

  it('LateWorkspaceStillPending_LookedAtAgainLater', async () => {
    queue(late());

    await round();

    const again = fromItem(dynamo.commandCalls(PutItemCommand)[0].args[0].input.Item ?? {});
    expect(again).toMatchObject({ kind: 'late', lookAfter: t0 + 10 * minute });
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('LateWatchOver_DroppedWithOneAlertThatSaysWhatRemains', async () => {
    queue(late({ until: t0 - minute }));

    const report = await round();

    expect(deletedKeys()).toEqual([keyOf('late:ws-late0001')]);
    expect(report.alerts).toBe(1);
    expect(String(sns.commandCalls(PublishCommand)[0].args[0].input.Message)).toContain(
      'still not AVAILABLE after 24 hours',
    );
  });
});

describe('handler: leavers', () => {
  /** The WorkSpaces calls of the round, in order, by operation. */
  const operations = () =>
    workspaces.calls().map((c) => {
      const command = c.args[0] as { constructor: { name: string }; input: DescribeWorkspacesCommandInput };
      const name = command.constructor.name.replace(/Command$/, '');
      if (name !== 'DescribeWorkspaces') return name;
      const { input } = command;
      if (input.WorkspaceIds) return `DescribeWorkspaces(ids: ${input.WorkspaceIds.length})`;
      return input.UserName ? `DescribeWorkspaces(user: ${input.UserName})` : 'DescribeWorkspaces(listing)';
    });

  /** DescribeWorkspaces as WorkSpaces answers it for `n` users with one WorkSpace each: by id, by user, or a listing 25 a page. */
  const directoryOf = (n: number) => {
    const all = Array.from({ length: n }, (_, i) => ({
      WorkspaceId: leaverWorkspace(i),
      UserName: `leaver${i}`,
      DirectoryId: testDirectoryId,
      State: 'AVAILABLE' as const,
    }));
    workspaces.on(DescribeWorkspacesCommand).callsFake(async (input: DescribeWorkspacesCommandInput) => {
      if (input.WorkspaceIds)
        return { Workspaces: all.filter((w) => input.WorkspaceIds?.includes(w.WorkspaceId)) };
      const matching = all.filter((w) => !input.UserName || w.UserName === input.UserName);
      const from = Number(input.NextToken ?? 0);
      const next = from + 25 < matching.length ? String(from + 25) : undefined;
      return { Workspaces: matching.slice(from, from + 25), NextToken: next };
    });
  };

  beforeEach(() => {
    workspaces.on(StopWorkspacesCommand).resolves({ FailedRequests: [] });
    workspaces.on(TerminateWorkspacesCommand).resolves({ FailedRequests: [] });
  });

  it('SixtyStops_ThreeCallsOf25_25_10_EachAnsweredAndDeleted', async () => {
    const stops = Array.from({ length: 60 }, (_, i) => stop(i));
    queue(...stops);

    const report = await round();

    expect(
      workspaces
        .commandCalls(StopWorkspacesCommand)
        .map((c) => c.args[0].input.StopWorkspaceRequests?.length),
    ).toEqual([25, 25, 10]);
    expect(successes().get('token-stop-7')).toEqual({
      workspaceId: leaverWorkspace(7),
      dryRun: false,
      change: `stop ${leaverWorkspace(7)}`,
      gone: false,
    });
    expect(deletedKeys()).toHaveLength(60);
    expect(report).toMatchObject({ leaverQueued: 60, leaverAnswered: 60, leaverCalls: { stops: 3 } });
  });

  it('Priority_AccessCutsBeforeCreations_RemovalsAfterWatches', async () => {
    // One of each kind, queued in the reverse of the order the round takes them.
    directoryOf(8);
    queue(
      goneCheck([2]),
      termination([1]),
      tagsRead(4, 'recheck'),
      look('leaver0', 'recheck'),
      tagging(5),
      watch(1),
      creation('joiner001'),
      tagsRead(7, 'confirm'),
      look('leaver2', 'confirm'),
      tagsRead(3, 'cut'),
      look('leaver1', 'cut'),
      autoStop(6),
      stop(0),
    );

    await round();

    expect(operations()).toEqual([
      'StopWorkspaces',
      'ModifyWorkspaceProperties',
      'DescribeWorkspaces(user: leaver1)',
      'DescribeTags',
      'DescribeWorkspaces(user: leaver2)',
      'DescribeTags',
      'CreateWorkspaces',
      'DescribeWorkspaces(ids: 1)',
      'CreateTags',
      'DescribeWorkspaces(user: leaver0)',
      'DescribeTags',
      'TerminateWorkspaces',
      'DescribeWorkspaces(ids: 1)',
    ]);
  });

  it('ThrottledStop_NothingElseCalled_CreationsWaitForTheNextRound', async () => {
    workspaces.on(StopWorkspacesCommand).rejects(serviceError('ThrottlingException', 400, 'Rate exceeded'));
    queue(stop(1), creation('joiner001'), look('leaver1'));

    const report = await round();

    expect(operations()).toEqual(['StopWorkspaces']);
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
    expect(sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
    expect(deletedKeys()).toEqual([]);
    expect(report).toMatchObject({ throttled: true, leaverAnswered: 0 });
  });

  it('ManyLooks_OneListingOfTheDirectory_AnswersEachUserAndKeepsACensus', async () => {
    // 60 users with one WorkSpace each: 3 pages, against 40 calls one user at a time.
    directoryOf(60);
    const looks = Array.from({ length: 40 }, (_, i) => look(`leaver${i}`, i < 30 ? 'cut' : 'recheck'));
    queue(...looks);

    const report = await round();

    expect(operations()).toEqual([
      'DescribeWorkspaces(listing)',
      'DescribeWorkspaces(listing)',
      'DescribeWorkspaces(listing)',
    ]);
    expect(workspaces.commandCalls(DescribeWorkspacesCommand)[1].args[0].input).toEqual({
      DirectoryId: testDirectoryId,
      Limit: 25,
      NextToken: '25',
    });
    // The re-checks are answered by the same listing, at no extra call.
    expect(successes().size).toBe(40);
    expect(successes().get('token-look-recheck-leaver35')).toEqual({
      workspaces: [{ workspaceId: leaverWorkspace(35), state: 'AVAILABLE' }],
      truncated: false,
      stoppable: [{ workspaceId: leaverWorkspace(35) }],
    });
    const census = dynamo
      .commandCalls(PutItemCommand)
      .map((c) => fromItem(c.args[0].input.Item ?? {}))
      .find((e) => e?.kind === 'census');
    expect(census).toMatchObject({ directoryId: testDirectoryId, pages: 3, complete: true });
    expect(report.leaverCalls).toMatchObject({ listingPages: 3, looks: 0 });
  });

  it('FewerLooksThanTheListingTakes_OneCallPerUser', async () => {
    directoryOf(200);
    const census: QueueEntry = {
      kind: 'census',
      token: `census:${testDirectoryId}`,
      queuedAt: t0 - minute,
      directoryId: testDirectoryId,
      pages: 8,
      complete: true,
    };
    // Two leaver events for one person are answered by one call.
    queue(census, look('leaver1'), look('leaver1', 'recheck'), look('leaver2'), look('leaver3'));

    await round();

    expect(operations()).toEqual([
      'DescribeWorkspaces(user: leaver1)',
      'DescribeWorkspaces(user: leaver2)',
      'DescribeWorkspaces(user: leaver3)',
      'DescribeWorkspaces(user: leaver1)',
    ]);
    expect(successes().get('token-look-cut-leaver2')).toMatchObject({
      workspaces: [{ workspaceId: leaverWorkspace(2), state: 'AVAILABLE' }],
    });
  });

  it('DryRun_EveryChangeAnsweredWithTheChange_NoCall', async () => {
    queue(stop(1, true), termination([2], true), tagging(3, true), autoStop(4, true));

    await round();

    expect(workspaces.calls()).toHaveLength(0);
    expect(successes().get('token-stop-1')).toEqual({
      workspaceId: leaverWorkspace(1),
      dryRun: true,
      change: `would stop ${leaverWorkspace(1)}`,
    });
    expect(successes().get('token-terminate-2')).toMatchObject({ dryRun: true });
    expect(successes().get('token-tag-3')).toEqual({
      workspaceId: leaverWorkspace(3),
      dryRun: true,
      change: `would tag ${leaverWorkspace(3)} with lifecycle-removal-event-id=evt-leave-1`,
    });
    expect(successes().get('token-auto-stop-4')).toEqual({
      workspaceId: leaverWorkspace(4),
      dryRun: true,
      change: `would switch ${leaverWorkspace(4)} to AUTO_STOP`,
    });
  });

  it('TagReads_OneCallPerWorkspace_SharedByTwoLeavers_GoneIsNotFound', async () => {
    workspaces
      .on(DescribeTagsCommand, { ResourceId: leaverWorkspace(1) })
      .resolves({ TagList: [{ Key: 'employee-id', Value: 'E1001' }] })
      .on(DescribeTagsCommand, { ResourceId: leaverWorkspace(2) })
      .rejects(serviceError('ResourceNotFoundException', 400, 'gone'));
    queue(tagsRead(1, 'cut'), tagsRead(1, 'recheck'), tagsRead(2));

    await round();

    expect(operations()).toEqual(['DescribeTags', 'DescribeTags']);
    expect(successes().get('token-tags-recheck-1')).toEqual({
      workspaceId: leaverWorkspace(1),
      found: true,
      tags: { 'employee-id': 'E1001' },
    });
    expect(successes().get('token-tags-cut-1')).toEqual(successes().get('token-tags-recheck-1'));
    expect(successes().get('token-tags-cut-2')).toEqual({
      workspaceId: leaverWorkspace(2),
      found: false,
      tags: {},
    });
  });

  const arnOf = (workspaceId: string) => `arn:aws:workspaces:us-east-1:123456789012:workspace/${workspaceId}`;
  /** GetResources answering every ARN asked about but those of `missing`, each tagged with its owner. */
  const indexHas =
    (missing: string[] = []) =>
    async (input: GetResourcesCommandInput) => ({
      ResourceTagMappingList: (input.ResourceARNList ?? [])
        .filter((arn) => !missing.some((id) => arn.endsWith(id)))
        .map((ResourceARN) => ({ ResourceARN, Tags: [{ Key: 'employee-id', Value: 'E1001' }] })),
    });
  const indexed = (ns: number[], purpose: 'cut' | 'confirm' | 'recheck' = 'cut') =>
    ns.map((n) => tagsRead(n, purpose, false));

  it('IndexedTagReads_100WorkspacesPerGetResources_NoWorkspacesCall', async () => {
    tagIndex.on(GetResourcesCommand).callsFake(indexHas());
    queue(...indexed(Array.from({ length: 120 }, (_, i) => i)));

    const report = await round();

    const asked = tagIndex
      .commandCalls(GetResourcesCommand)
      .map((c) => c.args[0].input.ResourceARNList ?? []);
    expect(asked.map((arns) => arns.length)).toEqual([100, 20]);
    expect(asked[0][0]).toBe(arnOf(leaverWorkspace(0)));
    expect(workspaces.calls()).toHaveLength(0);
    expect(successes().get('token-tags-cut-indexed-119')).toEqual({
      workspaceId: leaverWorkspace(119),
      found: true,
      tags: { 'employee-id': 'E1001' },
    });
    expect(report.leaverCalls).toMatchObject({ tagIndexReads: 2, tagReads: 0 });
    expect(report.workspacesCalls).toBe(0);
  });

  it('NotInTheIndex_ReadWithDescribeTags', async () => {
    tagIndex.on(GetResourcesCommand).callsFake(indexHas([leaverWorkspace(2)]));
    workspaces.on(DescribeTagsCommand).resolves({ TagList: [{ Key: 'employee-id', Value: 'E1002' }] });
    queue(...indexed([1, 2]));

    await round();

    expect(operations()).toEqual(['DescribeTags']);
    expect(workspaces).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceId: leaverWorkspace(2) });
    expect(successes().get('token-tags-cut-indexed-2')).toMatchObject({ tags: { 'employee-id': 'E1002' } });
    expect(successes().get('token-tags-cut-indexed-1')).toMatchObject({ tags: { 'employee-id': 'E1001' } });
  });

  it('ReadBeforeATermination_AlwaysDescribeTags_EvenWhenTheIndexHasTheWorkspace', async () => {
    tagIndex.on(GetResourcesCommand).callsFake(indexHas());
    workspaces.on(DescribeTagsCommand).resolves({ TagList: [{ Key: 'lifecycle-protect', Value: 'true' }] });
    // The same WorkSpace read from the index before a warning, and freshly before its removal.
    queue(tagsRead(1, 'recheck', false), tagsRead(1, 'recheck', true));

    await round();

    expect(tagIndex.commandCalls(GetResourcesCommand)[0].args[0].input.ResourceARNList).toEqual([
      arnOf(leaverWorkspace(1)),
    ]);
    expect(operations()).toEqual(['DescribeTags']);
    expect(successes().get('token-tags-recheck-1')).toMatchObject({ tags: { 'lifecycle-protect': 'true' } });
    expect(successes().get('token-tags-recheck-indexed-1')).toMatchObject({
      tags: { 'employee-id': 'E1001' },
    });
  });

  it('IndexBehind_NotShowingTheRemovalTagTheLeaverPut_ReadWithDescribeTags', async () => {
    tagIndex.on(GetResourcesCommand).callsFake(indexHas());
    workspaces.on(DescribeTagsCommand).resolves({
      TagList: [
        { Key: 'employee-id', Value: 'E1001' },
        { Key: 'lifecycle-removal-event-id', Value: 'evt-leave-1' },
      ],
    });
    const expecting = (n: number, expect: Record<string, string | null>) => ({
      ...tagsRead(n, 'recheck', false),
      expect,
    });
    // The index shows employee-id only: right for the first read, behind for the second.
    queue(
      expecting(1, { 'employee-id': null }),
      expecting(2, { 'lifecycle-removal-event-id': 'evt-leave-1' }),
    );

    await round();

    expect(operations()).toEqual(['DescribeTags']);
    expect(workspaces).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceId: leaverWorkspace(2) });
    expect(successes().get('token-tags-recheck-indexed-2')).toMatchObject({
      tags: { 'lifecycle-removal-event-id': 'evt-leave-1' },
    });
    expect(successes().get('token-tags-recheck-indexed-1')).toMatchObject({
      tags: { 'employee-id': 'E1001' },
    });
  });

  it('TagIndexFails_EveryReadMadeWithDescribeTags', async () => {
    tagIndex.on(GetResourcesCommand).rejects(serviceError('ThrottledException', 400, 'Rate exceeded'));
    workspaces.on(DescribeTagsCommand).resolves({ TagList: [] });
    queue(...indexed([1, 2]), ...indexed([3], 'confirm'));

    const report = await round();

    expect(operations()).toEqual(['DescribeTags', 'DescribeTags', 'DescribeTags']);
    expect(successes().size).toBe(3);
    // Tried once: the reads of the round's later kinds do not try it again.
    expect(report.leaverCalls).toMatchObject({ tagIndexReads: 1, tagReads: 3 });
  });

  it('StopConfirmations_LookedAtById_25IdsPerCallSharedBetweenLeavers', async () => {
    workspaces.on(DescribeWorkspacesCommand).callsFake(async (input: DescribeWorkspacesCommandInput) => ({
      Workspaces: (input.WorkspaceIds ?? []).map((WorkspaceId) => ({
        WorkspaceId,
        State: 'STOPPED' as const,
        WorkspaceProperties: { RunningMode: 'AUTO_STOP' as const },
      })),
    }));
    const confirmations = Array.from({ length: 30 }, (_, i) => ({
      ...look(`leaver${i}`, 'confirm'),
      workspaceIds: [leaverWorkspace(i)],
    }));
    queue(...confirmations);

    await round();

    expect(operations()).toEqual(['DescribeWorkspaces(ids: 25)', 'DescribeWorkspaces(ids: 5)']);
    expect(successes().get('token-look-confirm-leaver29')).toEqual({
      workspaces: [{ workspaceId: leaverWorkspace(29), state: 'STOPPED', runningMode: 'AUTO_STOP' }],
      truncated: false,
      stoppable: [],
    });
  });

  it('RemovalTagsAndAutoStop_OneCallEach_AsTheLeaversOwnTasksMadeThem', async () => {
    workspaces.on(CreateTagsCommand).resolves({});
    workspaces.on(ModifyWorkspacePropertiesCommand).resolves({});
    queue(tagging(1), autoStop(2));

    await round();

    expect(workspaces).toHaveReceivedCommandWith(CreateTagsCommand, {
      ResourceId: leaverWorkspace(1),
      Tags: [{ Key: 'lifecycle-removal-event-id', Value: 'evt-leave-1' }],
    });
    expect(workspaces).toHaveReceivedCommandWith(ModifyWorkspacePropertiesCommand, {
      WorkspaceId: leaverWorkspace(2),
      WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 60 },
    });
    expect(successes().get('token-tag-1')).toEqual({
      workspaceId: leaverWorkspace(1),
      dryRun: false,
      change: `tag ${leaverWorkspace(1)} with lifecycle-removal-event-id=evt-leave-1`,
      gone: false,
    });
    expect(successes().get('token-auto-stop-2')).toMatchObject({ gone: false });
  });

  it('Terminations_25IdsPerCall_ThenGoneChecksAnsweredOnceGone', async () => {
    directoryOf(0);
    const terminations = Array.from({ length: 30 }, (_, i) => termination([i]));
    queue(...terminations, goneCheck([100, 101]));

    await round();

    expect(
      workspaces
        .commandCalls(TerminateWorkspacesCommand)
        .map((c) => c.args[0].input.TerminateWorkspaceRequests?.length),
    ).toEqual([25, 5]);
    expect(successes().get('token-terminate-3')).toMatchObject({
      workspaceIds: [leaverWorkspace(3)],
      dryRun: false,
      alreadyGoneIds: [],
      poll: { attempt: 0, elapsedSeconds: 0, waitSeconds: 60 },
    });
    expect(successes().get('token-gone-100-101')).toMatchObject({ allGone: true, remaining: [] });
  });

  it('GoneCheck_StillTerminating_NotAnswered_LookedAtAgainNextRound', async () => {
    workspaces
      .on(DescribeWorkspacesCommand)
      .resolves({ Workspaces: [{ WorkspaceId: leaverWorkspace(1), State: 'TERMINATING' }] });
    queue(goneCheck([1]));

    await round();

    expect(successes().size).toBe(0);
    expect(deletedKeys()).toEqual([]);
  });
});

describe('handler: leavers warnings', () => {
  const warning = (n: number): QueueEntry => ({
    kind: 'warning',
    token: `warning:evt-leave-${n}`,
    queuedAt: t0 - minute + n,
    eventId: `evt-leave-${n}`,
    employeeId: `E${1000 + n}`,
    userName: `leaver${n}`,
    workspaceIds: [leaverWorkspace(n)],
    removeAt: '2030-03-22T00:00:00.000Z',
  });
  const published = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input);

  it('OneWarning_TheMessageNamesThePersonAndHowToStopIt', async () => {
    queue(warning(1));

    const report = await round();

    expect(published()).toHaveLength(1);
    expect(published()[0].Subject).toBe("workspaces-lifecycle: removal of leaver1's WorkSpace soon");
    expect(published()[0].Message).toContain(
      `leaver1 (employee E1001): ${leaverWorkspace(1)} after 2030-03-22`,
    );
    expect(published()[0].Message).toContain('lifecycle-protect=true');
    expect(published()[0].Message).toContain('Employee Rehired');
    expect(deletedKeys()).toEqual([keyOf('warning:evt-leave-1')]);
    expect(report).toMatchObject({ alerts: 1, warned: 1, workspacesCalls: 0 });
  });

  it('ThreeHundredWarnings_OneMessageOf200ARound_TheRestNext', async () => {
    queue(...Array.from({ length: 300 }, (_, i) => warning(i)));

    const report = await round();

    expect(published()).toHaveLength(1);
    expect(published()[0].Subject).toBe("workspaces-lifecycle: removal of 200 leavers' WorkSpaces soon");
    // Oldest first: the first 200 queued are named, the others wait for the next round.
    expect(published()[0].Message).toContain('leaver199 (employee E1199)');
    expect(published()[0].Message).not.toContain('leaver200 ');
    expect(deletedKeys()).toHaveLength(200);
    expect(deletedKeys()).not.toContain(keyOf('warning:evt-leave-200'));
    expect(report).toMatchObject({ alerts: 1, warned: 200 });
  });

  it('NotPublished_WarningsKeptForTheNextRound', async () => {
    sns.on(PublishCommand).rejects(serviceError('InternalErrorException', 500));
    queue(warning(1), warning(2));

    const report = await round();

    expect(deletedKeys()).toEqual([]);
    expect(report).toMatchObject({ alerts: 0, warned: 0 });
  });
});

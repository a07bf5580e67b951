import type { Census } from '../../../../functions/commons/provisioning';
import {
  type Answered,
  batchSize,
  creationAnswers,
  creationBatches,
  dryRunAnswer,
  dueForLook,
  goneAnswers,
  idBatches,
  lookAnswers,
  lookMode,
  provisionerAlertMark,
  roundNumber,
  roundPriority,
  stopAnswers,
  terminationAnswers,
  watchAnswers,
} from '../../../../functions/commons/provisioning-plan';
import {
  creation,
  goneCheck,
  leaverWorkspace,
  look,
  minute,
  stop,
  t0,
  termination,
  watch,
} from '../../../helpers/queue-entries';
import { testDirectoryId } from '../../../setup-env';

// Plain data in, plain data out: no clients, no mocks, no timers.

/** An answer as the tests compare it: an error by its name and message. */
const shown = ([entry, answer]: Answered) =>
  'output' in answer
    ? { token: entry.token, output: answer.output }
    : { token: entry.token, error: answer.error.name, message: answer.error.message };

describe('creationBatches', () => {
  it('Empty_NoBatch', () => {
    expect(creationBatches([])).toEqual([]);
  });

  it('SixtyCreations_BatchesOf25_25_10_OldestFirst', () => {
    // Prepare: numbered oldest first, handed over newest first.
    const entries = Array.from({ length: 60 }, (_, i) => creation(`joiner${i}`, t0 - 60 * minute + i));

    // Act
    const batches = creationBatches([...entries].reverse());

    // Assess
    expect(batches.map((b) => b.length)).toEqual([batchSize, batchSize, 10]);
    expect(batches.flat()).toEqual(entries);
  });

  it.each([
    ['SameName', 'ada.lovelace'],
    ['OtherCase', 'Ada.Lovelace'],
  ])('SameUserTwice_%s_OnlyTheOlderThisRound', (_, secondName) => {
    const older = creation('ada.lovelace', t0 - 2 * minute, 'token-older');
    const newer = creation(secondName, t0 - minute, 'token-newer');
    const grace = creation('grace');

    expect(creationBatches([newer, older, grace])).toEqual([[older, grace]]);
  });

  it('SameUserNameInAnotherDirectory_IsAnotherUser', () => {
    const ada = creation('ada');
    const elsewhere = { ...creation('ada', t0), request: { ...ada.request, DirectoryId: 'd-0000000000' } };

    expect(creationBatches([elsewhere, ada])).toEqual([[ada, elsewhere]]);
  });

  it('Input_IsNotReordered', () => {
    const entries = [creation('b', t0), creation('a', t0 - minute)];
    const before = [...entries];

    creationBatches(entries);

    expect(entries).toEqual(before);
  });
});

describe('roundNumber', () => {
  it('ConsecutiveIntervals_ConsecutiveNumbers', () => {
    const start = 1000 * minute;

    expect(roundNumber(start, minute)).toBe(1000);
    expect(roundNumber(start + minute - 1, minute)).toBe(1000);
    expect(roundNumber(start + minute, minute)).toBe(1001);
    expect(roundNumber(start + 15 * minute, 15 * minute)).toBe(Math.floor(1015 / 15));
  });
});

describe('creationAnswers', () => {
  it('Pending_AnsweredWithTheIdMatchedByUserInAnyCaseAndOrder', () => {
    const ada = creation('Ada.Lovelace');
    const grace = creation('grace');

    const answers = creationAnswers([ada, grace], {
      PendingRequests: [
        { WorkspaceId: 'ws-grace0001', DirectoryId: testDirectoryId, UserName: 'grace' },
        { WorkspaceId: 'ws-abcdef123', DirectoryId: testDirectoryId, UserName: 'ada.lovelace' },
      ],
    });

    expect(answers.map(shown)).toEqual([
      { token: ada.token, output: { workspaceId: 'ws-abcdef123', adopted: false } },
      { token: grace.token, output: { workspaceId: 'ws-grace0001', adopted: false } },
    ]);
  });

  it.each([
    ['ResourceExists.WorkSpace', 'WorkspaceExistsError'],
    ['ResourceNotFound.User', 'UserNotFoundError'],
    ['ResourceLimitExceeded', 'WorkspaceQuotaExceededError'],
    ['ResourceNotFound.Bundle', 'WorkspaceRequestError'],
  ])('Failed_%s_AnsweredWith_%s', (code, errorName) => {
    const ada = creation('ada');

    const answers = creationAnswers([ada], {
      FailedRequests: [{ WorkspaceRequest: ada.request, ErrorCode: code, ErrorMessage: 'refused' }],
    });

    expect(answers.map(shown)).toEqual([
      { token: ada.token, error: errorName, message: `CreateWorkspaces: ${code}: refused` },
    ]);
  });

  it('NeitherPendingNorFailed_WorkspaceRequestError', () => {
    const ada = creation('ada');

    expect(creationAnswers([ada], { PendingRequests: [], FailedRequests: [] }).map(shown)).toEqual([
      {
        token: ada.token,
        error: 'WorkspaceRequestError',
        message: 'CreateWorkspaces: answered with neither a pending nor a failed request',
      },
    ]);
  });
});

describe('watchAnswers', () => {
  const now = t0;

  it.each(['AVAILABLE', 'ERROR', 'UNHEALTHY', 'STOPPED', 'TERMINATING', 'TERMINATED', 'SUSPENDED'])(
    'Settled_%s_AnsweredWithTheState',
    (state) => {
      const entry = watch(1);

      expect(watchAnswers([entry], new Map([[entry.workspaceId, state]]), now, 5400).map(shown)).toEqual([
        { token: entry.token, output: { workspaceId: entry.workspaceId, state } },
      ]);
    },
  );

  it.each(['PENDING', 'STARTING', 'REBUILDING'])('Unsettled_%s_BeforeTheDeadline_NotAnswered', (state) => {
    const entry = watch(1);

    expect(watchAnswers([entry], new Map([[entry.workspaceId, state]]), now, 5400)).toEqual([]);
  });

  it.each([
    ['REBUILDING', new Map([['ws-watched0001', 'REBUILDING']]), 'REBUILDING'],
    ['NotReturned', new Map<string, string>(), 'PENDING'],
  ])('Unsettled_%s_PastTheDeadline_ProvisioningDeadlineError', (_, states, state) => {
    const entry = watch(1, { queuedAt: now - 90 * minute, deadline: now });

    expect(watchAnswers([entry], states, now, 5400).map(shown)).toEqual([
      {
        token: entry.token,
        error: 'ProvisioningDeadlineError',
        message: `${entry.workspaceId} is still ${state} after 90 minutes (deadline 5400 s) ${provisionerAlertMark}`,
      },
    ]);
  });

  it('SettledPastTheDeadline_IsStillASuccess', () => {
    const entry = watch(1, { deadline: now - 1000 });

    expect(watchAnswers([entry], new Map([[entry.workspaceId, 'AVAILABLE']]), now, 5400).map(shown)).toEqual([
      { token: entry.token, output: { workspaceId: entry.workspaceId, state: 'AVAILABLE' } },
    ]);
  });
});

describe('dueForLook', () => {
  const now = t0;

  it('NotYetDue_IsLeftOut', () => {
    const due = watch(1, { lookAfter: now });
    const later = watch(2, { lookAfter: now + 1 });

    expect(dueForLook([later, due], now, 100, 0)).toEqual([due]);
  });

  it('Overdue_ComeFirstThenTheOldest', () => {
    const young = watch(1, { queuedAt: now - minute });
    const old = watch(2, { queuedAt: now - 10 * minute });
    const overdue = watch(3, { queuedAt: now - 5 * minute, deadline: now });

    expect(dueForLook([young, overdue, old], now, 100, 0)).toEqual([overdue, old, young]);
  });

  it('WithinCapacity_SameOrderEveryRound', () => {
    const entries = Array.from({ length: 10 }, (_, i) => watch(i));

    for (const r of [0, 1, 7]) expect(dueForLook(entries, now, 10, r)).toEqual(entries);
  });

  it.each([
    [10, 4],
    [10, 3],
    [7, 5],
    [100, 25],
  ])('%dDueWithCapacity%d_ConsecutiveRoundsCoverEveryOne', (count, capacity) => {
    // Prepare
    const entries = Array.from({ length: count }, (_, i) => watch(i));
    const rounds = Math.ceil(count / capacity);

    for (const start of [0, 5, 28_930_001]) {
      // Act
      const looked = new Set<string>();
      for (let r = start; r < start + rounds; r++) {
        const order = dueForLook(entries, now, capacity, r);
        // Every due entry is in the order, each once; the round looks at the first `capacity`.
        expect(new Set(order.map((e) => e.workspaceId)).size).toBe(count);
        for (const entry of order.slice(0, capacity)) looked.add(entry.workspaceId);
      }

      // Assess
      expect(looked.size).toBe(count);
    }
  });

  it('MoreThanCapacity_OverdueStillComeFirst', () => {
    const entries = Array.from({ length: 10 }, (_, i) => watch(i));
    const overdue = watch(99, { queuedAt: now, deadline: now - 1 });

    for (const r of [0, 1, 2]) expect(dueForLook([...entries, overdue], now, 4, r)[0]).toBe(overdue);
  });
});

describe('roundPriority', () => {
  // Relations, not a copy of the list: a reordering that breaks one of them fails here.
  const rank = (tier: (typeof roundPriority)[number]) => roundPriority.indexOf(tier);
  it('AccessCutsFirst_CreationsAndWatchesNext_RemovalsThenLateWatchesLast', () => {
    expect(roundPriority[0]).toBe('stops');
    for (const cut of ['switches to AUTO_STOP', 'looks before a cut', 'tag reads before a cut'] as const)
      expect(rank(cut)).toBeLessThan(rank('creations'));
    expect(rank('looks before a cut')).toBeLessThan(rank('looks confirming a stop'));
    expect(rank('creations')).toBeLessThan(rank('joiner watches'));
    for (const removal of ['removal tags', 're-check looks', 'terminations', 'termination checks'] as const)
      expect(rank(removal)).toBeGreaterThan(rank('joiner watches'));
    expect(roundPriority.at(-1)).toBe('late watches');
    expect(new Set(roundPriority).size).toBe(roundPriority.length);
  });
});

describe('idBatches', () => {
  it('SixtyStops_BatchesOf25_25_10_OldestFirst', () => {
    const stops = Array.from({ length: 60 }, (_, i) => stop(i));

    const batches = idBatches([...stops].reverse(), (e) => [e.workspaceId]);

    expect(batches.map((b) => b.ids.length)).toEqual([25, 25, 10]);
    expect(batches.flatMap((b) => b.entries)).toEqual(stops);
  });

  it('SameWorkspaceTwice_SentOnce_BothEntriesInTheBatch', () => {
    // Two leaver events for one person stop the same WorkSpace.
    const batches = idBatches([stop(1), stop(1, false, 'token-other-event')], (e) => [e.workspaceId]);

    expect(batches).toHaveLength(1);
    expect(batches[0].ids).toEqual([leaverWorkspace(1)]);
    expect(batches[0].entries).toHaveLength(2);
  });

  it('AnEntryIsNeverSplit_TheNextCallTakesIt', () => {
    const twenty = termination(Array.from({ length: 20 }, (_, i) => i));
    const ten = termination(Array.from({ length: 10 }, (_, i) => 100 + i));

    const batches = idBatches([twenty, ten], (e) => e.workspaceIds);

    expect(batches.map((b) => b.ids.length)).toEqual([20, 10]);
  });
});

describe('lookMode', () => {
  const census = (pages: number): Census => ({
    kind: 'census',
    token: `census:${testDirectoryId}`,
    queuedAt: t0,
    directoryId: testDirectoryId,
    pages,
    complete: true,
  });

  it.each([
    ['NoCensus_FewUsers_PerUser', 3, undefined, 81, 'per-user'],
    ['NoCensus_MoreThan25Users_Listing', 26, undefined, 81, 'listing'],
    ['ListingCheaperThanOneCallEach_Listing', 41, census(40), 81, 'listing'],
    ['ListingDearerThanOneCallEach_PerUser', 40, census(40), 81, 'per-user'],
    ['ListingLongerThanWhatIsLeft_PerUser', 500, census(400), 81, 'per-user'],
    ['NoLooks_PerUser', 0, census(1), 81, 'per-user'],
  ] as const)('%s', (_, users, known, remaining, mode) => {
    expect(lookMode(users, known, remaining)).toBe(mode);
  });
});

describe('lookAnswers', () => {
  it('EachUser_GetsTheirOwnFromTheListing_AsALookByUser_NamesInAnyCase', () => {
    const listed = [
      { WorkspaceId: 'ws-a00000001', UserName: 'Ada.Lovelace', State: 'AVAILABLE' as const },
      { WorkspaceId: 'ws-a00000002', UserName: 'grace.hopper', State: 'STOPPED' as const },
    ];

    const answers = lookAnswers([look('ada.lovelace'), look('alan.turing', 'recheck')], listed).map(shown);

    expect(answers).toEqual([
      {
        token: 'token-look-cut-ada.lovelace',
        output: {
          workspaces: [{ workspaceId: 'ws-a00000001', state: 'AVAILABLE', runningMode: undefined }],
          truncated: false,
          stoppable: [{ workspaceId: 'ws-a00000001' }],
        },
      },
      {
        token: 'token-look-recheck-alan.turing',
        output: { workspaces: [], truncated: false, stoppable: [] },
      },
    ]);
  });
});

describe('leaver answers', () => {
  it('DryRun_TheChangeItWouldMake', () => {
    expect([dryRunAnswer(stop(1, true)), dryRunAnswer(termination([1, 2], true))].map(shown)).toEqual([
      {
        token: 'token-stop-1',
        output: { workspaceId: leaverWorkspace(1), dryRun: true, change: 'would stop ws-leaver0001' },
      },
      {
        token: 'token-terminate-1-2',
        output: {
          workspaceIds: [leaverWorkspace(1), leaverWorkspace(2)],
          dryRun: true,
          change: 'would terminate ws-leaver0001, ws-leaver0002',
          poll: { attempt: 0, elapsedSeconds: 0, waitSeconds: 60 },
        },
      },
    ]);
  });

  it('Stops_EachFromItsOwnFailedRequest', () => {
    const failed = [
      {
        WorkspaceId: leaverWorkspace(2),
        ErrorCode: 'InvalidResourceState.WorkSpace',
        ErrorMessage: 'STOPPING',
      },
      {
        WorkspaceId: leaverWorkspace(3),
        ErrorCode: 'InvalidResourceState.RunningMode',
        ErrorMessage: 'ALWAYS_ON',
      },
    ];

    const answers = stopAnswers([stop(1), stop(2), stop(3)], failed).map(shown);

    expect(answers).toEqual([
      {
        token: 'token-stop-1',
        output: { workspaceId: leaverWorkspace(1), dryRun: false, change: 'stop ws-leaver0001', gone: false },
      },
      {
        token: 'token-stop-2',
        output: {
          workspaceId: leaverWorkspace(2),
          dryRun: false,
          change: 'stop ws-leaver0002',
          gone: false,
          refused: 'STOPPING',
        },
      },
      {
        token: 'token-stop-3',
        error: 'WorkspaceRequestError',
        message: 'StopWorkspaces: InvalidResourceState.RunningMode: ALWAYS_ON',
      },
    ]);
  });

  it('Terminations_OneRefusalFailsOnlyItsOwnLeaver', () => {
    const failed = [
      {
        WorkspaceId: leaverWorkspace(3),
        ErrorCode: 'InvalidResourceState.WorkSpace',
        ErrorMessage: 'SUSPENDED',
      },
    ];

    const answers = terminationAnswers([termination([1, 2]), termination([3])], failed).map(shown);

    expect(answers).toEqual([
      {
        token: 'token-terminate-1-2',
        output: {
          workspaceIds: [leaverWorkspace(1), leaverWorkspace(2)],
          dryRun: false,
          change: 'terminate ws-leaver0001, ws-leaver0002',
          alreadyGoneIds: [],
          poll: { attempt: 0, elapsedSeconds: 0, waitSeconds: 60 },
        },
      },
      {
        token: 'token-terminate-3',
        error: 'WorkspaceRequestError',
        message: 'TerminateWorkspaces ws-leaver0003: InvalidResourceState.WorkSpace: SUSPENDED',
      },
    ]);
  });

  it('GoneChecks_AnsweredWhenAllGoneOrPastTheDeadline_OthersWait', () => {
    const states = new Map([
      [leaverWorkspace(2), 'TERMINATING'],
      [leaverWorkspace(3), 'TERMINATING'],
    ]);
    const late = goneCheck([3], t0 - 1);

    const answers = goneAnswers([goneCheck([1]), goneCheck([2]), late], states, t0).map(shown);

    expect(answers).toEqual([
      {
        token: 'token-gone-1',
        output: {
          allGone: true,
          remaining: [],
          deadlinePassed: false,
          poll: { attempt: 1, elapsedSeconds: 60, waitSeconds: 60 },
        },
      },
      {
        token: 'token-gone-3',
        output: {
          allGone: false,
          remaining: [{ workspaceId: leaverWorkspace(3), state: 'TERMINATING' }],
          deadlinePassed: true,
          poll: { attempt: 1, elapsedSeconds: 60, waitSeconds: 60 },
        },
      },
    ]);
  });
});

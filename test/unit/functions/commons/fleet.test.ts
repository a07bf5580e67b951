import type { z } from 'zod';
import { fleetReviewSettingsSchema, profilesConfigSchema } from '../../../../functions/commons/config';
import { type FleetReviewInput, type FleetWorkspace, reviewFleet } from '../../../../functions/commons/fleet';
import { reportCsv, reportHtml } from '../../../../functions/commons/fleet-report';
import type { RosterPerson } from '../../../../functions/commons/roster';

const dir = 'd-906700c0de';
const now = '2026-12-02T09:00:00.000Z';
const profiles = profilesConfigSchema.parse({
  defaultProfile: 'standard',
  byDepartment: { Engineering: 'power' },
  profiles: {
    standard: {
      bundleId: 'wsb-8vbljg4r6',
      runningMode: 'AUTO_STOP',
      computeType: 'STANDARD',
      rootVolumeSizeGib: 80,
      userVolumeSizeGib: 50,
    },
    power: {
      bundleId: 'wsb-3t36q0xfc',
      runningMode: 'ALWAYS_ON',
      computeType: 'POWER',
      rootVolumeSizeGib: 175,
      userVolumeSizeGib: 100,
    },
  },
});
const allOn = { actions: { adopt: true, removeOrphaned: true, provisionMissing: true } };

function person(employeeId: string, userName: string, extra: Partial<RosterPerson> = {}): RosterPerson {
  return {
    employeeId,
    userName,
    givenName: 'G',
    familyName: 'F',
    email: `${userName}@example.com`,
    department: 'Sales',
    ...extra,
  };
}
function ws(id: string, userName: string, extra: Partial<FleetWorkspace> = {}): FleetWorkspace {
  return {
    workspaceId: `ws-${id.padEnd(9, '0')}`,
    directoryId: dir,
    userName,
    state: 'AVAILABLE',
    bundleId: 'wsb-8vbljg4r6',
    computeType: 'STANDARD',
    runningMode: 'AUTO_STOP',
    tags: {},
    ...extra,
  };
}
type Over = Partial<Omit<FleetReviewInput, 'settings'>> & {
  settings?: z.input<typeof fleetReviewSettingsSchema>;
};
function input(people: RosterPerson[], workspaces: FleetWorkspace[], over: Over = {}): FleetReviewInput {
  return {
    now,
    directoryId: dir,
    roster: { people, errors: [], rows: people.length, truncated: false },
    workspaces,
    runningJoiners: [],
    history: {},
    profiles,
    ...over,
    settings: fleetReviewSettingsSchema.parse(over.settings ?? allOn),
  };
}
const tagged = (employeeId: string) => ({ 'employee-id': employeeId, 'managed-by': 'workspaces-lifecycle' });
/** A fleet of `n` healthy tagged WorkSpaces whose people are on the roster. */
function healthy(n: number) {
  const people = Array.from({ length: n }, (_, i) => person(`H${i}`, `h${i}`));
  const fleet = people.map((p, i) => ws(`h${i}`, p.userName, { tags: tagged(p.employeeId) }));
  return { people, fleet };
}

describe('reviewFleet: kinds', () => {
  it('Untagged_UserNameOfARosterPerson_Adopted', () => {
    const review = reviewFleet(input([person('E1', 'ada')], [ws('a', 'ada')]));

    expect(review.findings).toEqual([
      expect.objectContaining({ kind: 'untagged', employeeId: 'E1', action: 'adopt', outcome: 'started' }),
    ]);
    expect(review.adoptions).toEqual([
      {
        workspaceId: 'ws-a00000000',
        tags: { 'employee-id': 'E1', 'managed-by': 'workspaces-lifecycle', 'lifecycle-adopted-at': now },
      },
    ]);
    expect(review.events).toEqual([]);
  });

  it('UserNameDiffersInCase_StillMatched', () => {
    const review = reviewFleet(input([person('E1', 'Ada.Lovelace')], [ws('a', 'ada.lovelace')]));

    expect(review.counts.untagged).toBe(1);
    expect(review.counts.missing).toBe(0);
  });

  it('TaggedForSomeoneNotOnTheRoster_OrphanedLeaverStarted', () => {
    const { people, fleet } = healthy(20);
    const review = reviewFleet(input(people, [...fleet, ws('x', 'gone', { tags: tagged('E9') })]));

    expect(review.counts.orphaned).toBe(1);
    expect(review.events).toEqual([
      {
        detailType: 'Employee Left',
        detail: {
          eventId: 'fleet:left:E9:2026-12-02',
          employeeId: 'E9',
          userName: 'gone',
          lastWorkingDay: '2026-12-02',
          immediate: false,
          occurredAt: now,
        },
      },
    ]);
  });

  it('EndDatePassed_OrphanedWithTheEndDateAsLastWorkingDay', () => {
    const { people, fleet } = healthy(20);
    const leaver = person('E2', 'grace', { endDate: '2026-11-30' });
    const review = reviewFleet(
      input([...people, leaver], [...fleet, ws('g', 'grace', { tags: tagged('E2') })]),
    );

    expect(review.events).toEqual([
      expect.objectContaining({
        detailType: 'Employee Left',
        detail: expect.objectContaining({ lastWorkingDay: '2026-11-30' }),
      }),
    ]);
  });

  it('EndDateToday_NotYetOrphaned', () => {
    const review = reviewFleet(
      input([person('E2', 'grace', { endDate: '2026-12-02' })], [ws('g', 'grace', { tags: tagged('E2') })]),
    );

    expect(review.counts.orphaned).toBe(0);
  });

  it('UntaggedLeaver_AdoptedThenLeaverStartedInOneRun', () => {
    const { people, fleet } = healthy(20);
    const leaver = person('E2', 'grace', { endDate: '2026-11-01' });
    const review = reviewFleet(input([...people, leaver], [...fleet, ws('g', 'grace')]));

    expect(review.findings.map((f) => [f.kind, f.outcome])).toEqual([
      ['untagged', 'started'],
      ['orphaned', 'started'],
    ]);
    expect(review.adoptions).toHaveLength(1);
    expect(review.events.map((e) => e.detailType)).toEqual(['Employee Left']);
  });

  it('UntaggedLeaverAdoptionOff_LeaverSkippedBecauseTheLeaverTouchesOnlyTagged', () => {
    const { people, fleet } = healthy(20);
    const leaver = person('E2', 'grace', { endDate: '2026-11-01' });
    const settings = { actions: { adopt: false, removeOrphaned: true } };
    const review = reviewFleet(input([...people, leaver], [...fleet, ws('g', 'grace')], { settings }));

    expect(review.findings.find((f) => f.kind === 'orphaned')).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringContaining('untagged'),
    });
    expect(review.events).toEqual([]);
  });

  it('Missing_StartedNoWorkspaceNoJoiner_JoinerEvent', () => {
    const ada = person('E1', 'ada', {
      startDate: '2026-12-01',
      endDate: '2027-06-30',
      managerEmail: 'm@example.com',
    });
    const review = reviewFleet(input([ada], []));

    expect(review.counts.missing).toBe(1);
    expect(review.events).toEqual([
      {
        detailType: 'Employee Joined',
        detail: {
          eventId: 'fleet:joined:E1',
          employeeId: 'E1',
          userName: 'ada',
          givenName: 'G',
          familyName: 'F',
          email: 'ada@example.com',
          department: 'Sales',
          startDate: '2026-12-01',
          managerEmail: 'm@example.com',
          occurredAt: now,
        },
      },
    ]);
  });

  it('Missing_TheJoinerWouldRefuseIt_SkippedWithTheReason', () => {
    const review = reviewFleet(
      input([person('E1', 'ada')], [], {
        intakeRules: { profileNames: ['standard'], managerEmailRequired: true },
      }),
    );

    expect(review.findings).toEqual([
      expect.objectContaining({
        kind: 'missing',
        outcome: 'skipped',
        reason: expect.stringContaining('managerEmail'),
      }),
    ]);
    expect(review.events).toEqual([]);
  });

  it('Missing_NotBeforeTheStartDate_NorWithAJoinerRunning_NorAfterLeaving', () => {
    const review = reviewFleet(
      input(
        [
          person('E1', 'future', { startDate: '2026-12-20' }),
          person('E2', 'running'),
          person('E3', 'left', { endDate: '2026-11-01' }),
        ],
        [],
        { runningJoiners: ['E2'] },
      ),
    );

    expect(review.counts.missing).toBe(0);
  });

  it('Stuck_SameBadStateAcrossReviewsForLongerThanTheLimit', () => {
    const fleet = [
      ws('e', 'err', { state: 'ERROR', tags: tagged('E1') }),
      ws('u', 'unh', { state: 'UNHEALTHY', tags: tagged('E2') }),
      ws('s', 'sus', { state: 'SUSPENDED', tags: tagged('E3') }),
    ];
    const people = [person('E1', 'err'), person('E2', 'unh'), person('E3', 'sus')];
    const history = {
      'ws-e00000000': { state: 'ERROR', since: '2026-11-30T00:00:00.000Z' },
      'ws-u00000000': { state: 'UNHEALTHY', since: '2026-12-02T08:00:00.000Z' },
      'ws-s00000000': { state: 'AVAILABLE', since: '2026-11-01T00:00:00.000Z' },
    };
    const review = reviewFleet(input(people, fleet, { history }));

    expect(review.findings.filter((f) => f.kind === 'stuck').map((f) => f.userName)).toEqual(['err']);
    expect(review.history['ws-e00000000'].since).toBe('2026-11-30T00:00:00.000Z');
    // A new state starts its clock now.
    expect(review.history['ws-s00000000']).toEqual({ state: 'SUSPENDED', since: now });
  });

  it('Drifted_BundleComputeOrRunningModeNotTheProfiles_ReportedOnly', () => {
    const engineer = person('E1', 'eng', { department: 'engineering' });
    const review = reviewFleet(input([engineer], [ws('e', 'eng', { tags: tagged('E1') })]));

    expect(review.findings).toEqual([
      expect.objectContaining({
        kind: 'drifted',
        outcome: 'reported',
        detail: expect.stringMatching(
          /bundle wsb-8vbljg4r6, profile power.*compute STANDARD.*running mode AUTO_STOP/,
        ),
      }),
    ]);
    expect(review.events).toEqual([]);
  });

  it('Unknown_MatchesNobody_NeverTouched', () => {
    const review = reviewFleet(
      input([person('E1', 'ada')], [ws('a', 'ada', { tags: tagged('E1') }), ws('z', 'zed')]),
    );

    expect(review.findings).toEqual([
      expect.objectContaining({ kind: 'unknown', userName: 'zed', outcome: 'reported' }),
    ]);
    expect(review.adoptions).toEqual([]);
  });

  it('DirectoryUsers_DisabledUserOfAnActivePersonIsDrift_NoUserIsSaidOfTheUnknown', () => {
    const users = [
      { userName: 'ADA', enabled: false },
      { userName: 'grace', enabled: true },
    ];
    const review = reviewFleet(
      input(
        [person('E1', 'ada'), person('E2', 'grace')],
        [ws('a', 'ada', { tags: tagged('E1') }), ws('g', 'grace', { tags: tagged('E2') }), ws('z', 'zed')],
        { users },
      ),
    );

    expect(review.findings.map((f) => [f.kind, f.userName, f.detail])).toEqual([
      ['drifted', 'ada', 'its directory user is disabled, and HR has the person active'],
      [
        'unknown',
        'zed',
        'no employee-id tag, and its user name is nobody on the roster, nor a directory user',
      ],
    ]);
  });

  it('TwoWorkspacesForOnePerson_SecondReportedNotActedOn', () => {
    const review = reviewFleet(
      input(
        [person('E1', 'ada')],
        [ws('a', 'ada', { tags: tagged('E1') }), ws('b', 'ada2', { tags: tagged('E1') })],
      ),
    );

    expect(review.findings).toEqual([
      expect.objectContaining({
        kind: 'drifted',
        workspaceId: 'ws-b00000000',
        detail: expect.stringContaining('second WorkSpace'),
      }),
    ]);
    expect(review.counts.missing).toBe(0);
  });

  it('PersonInTwoDirectories_OnlyTheConfiguredDirectoryMatchesByName', () => {
    const review = reviewFleet(
      input([person('E1', 'ada')], [ws('a', 'ada'), ws('b', 'ada', { directoryId: 'd-1111111111' })]),
    );

    expect(review.findings.map((f) => [f.kind, f.workspaceId])).toEqual([
      ['untagged', 'ws-a00000000'],
      ['unknown', 'ws-b00000000'],
    ]);
    expect(review.findings[1].detail).toContain('d-1111111111');
    expect(review.adoptions.map((a) => a.workspaceId)).toEqual(['ws-a00000000']);
  });

  it('NameCollision_OrphanWhoseUserNameIsNowAnotherPersons_NeitherRemovedNorProvisioned', () => {
    const { people, fleet } = healthy(20);
    // E1 left; HR reused the user name jsmith for a new E2.
    const review = reviewFleet(
      input([...people, person('E2', 'jsmith')], [...fleet, ws('j', 'JSmith', { tags: tagged('E1') })]),
    );

    expect(review.findings.map((f) => [f.kind, f.outcome])).toEqual([
      ['orphaned', 'skipped'],
      ['missing', 'skipped'],
    ]);
    expect(review.findings[0].reason).toContain("now E2's");
    expect(review.events).toEqual([]);
  });

  it('OrphanedInAnotherDirectory_ReportedNotRemoved', () => {
    const { people, fleet } = healthy(20);
    const review = reviewFleet(
      input(people, [...fleet, ws('o', 'bob', { directoryId: 'd-1111111111', tags: tagged('E9') })]),
    );

    expect(review.findings).toEqual([
      expect.objectContaining({
        kind: 'orphaned',
        outcome: 'skipped',
        reason: expect.stringContaining('in directory d-1111111111: the leaver works in d-906700c0de only'),
      }),
    ]);
    expect(review.events).toEqual([]);
  });

  it('TerminatingWorkspaces_NotPartOfTheFleet', () => {
    const review = reviewFleet(input([], [ws('t', 'gone', { state: 'TERMINATING', tags: tagged('E1') })]));

    expect(review.findings).toEqual([]);
    expect(review.fleetSize).toBe(0);
  });

  it('PendingRemovalOrProtected_OrphanSkippedWithTheReason', () => {
    const { people, fleet } = healthy(30);
    const review = reviewFleet(
      input(people, [
        ...fleet,
        ws('p', 'pend', { tags: { ...tagged('E8'), 'lifecycle-remove-after': '2026-12-09T00:00:00Z' } }),
        ws('q', 'prot', { tags: { ...tagged('E9'), 'lifecycle-protect': 'true' } }),
      ]),
    );

    expect(review.findings.map((f) => f.reason)).toEqual([
      expect.stringContaining('a leaver already removes it'),
      expect.stringContaining('protected'),
    ]);
    expect(review.events).toEqual([]);
  });
});

describe('reviewFleet: safety rules', () => {
  it('ActionsOffByDefault_ReportsOnly', () => {
    const review = reviewFleet(
      input([person('E1', 'ada'), person('E2', 'new')], [ws('a', 'ada')], { settings: {} }),
    );

    expect(review.findings.map((f) => [f.kind, f.outcome])).toEqual([
      ['untagged', 'off'],
      ['missing', 'off'],
    ]);
    expect(review.adoptions).toEqual([]);
    expect(review.events).toEqual([]);
  });

  it('EmptyRoster_NoOneRemoved', () => {
    const fleet = [ws('a', 'ada', { tags: tagged('E1') })];
    const review = reviewFleet(input([], fleet, { settings: { ...allOn, maxOrphanedShare: 1 } }));

    expect(review.refusal).toContain('no valid row');
    expect(review.findings).toEqual([expect.objectContaining({ kind: 'orphaned', outcome: 'skipped' })]);
    expect(review.events).toEqual([]);
  });

  it('TruncatedRoster_NoOneRemovedEvenUnderTheShare', () => {
    const { people, fleet } = healthy(50);
    const base = input(people.slice(0, 49), fleet);
    const review = reviewFleet({ ...base, roster: { ...base.roster, truncated: true } });

    expect(review.refusal).toContain('cut short');
    expect(review.events).toEqual([]);
  });

  it('OrphanedShareOverTheThreshold_NoOneRemoved_AdoptionsAndJoinersStillRun', () => {
    const { people, fleet } = healthy(10);
    // Half the roster lost: 5 of 11 WorkSpaces would be orphaned.
    const review = reviewFleet(
      input([...people.slice(0, 5), person('N1', 'newbie')], [...fleet, ws('u', 'h0x')]),
    );

    expect(review.refusal).toMatch(/5 of 11 WorkSpaces \(45 %\).*maxOrphanedShare 0.1/);
    expect(review.events.map((e) => e.detailType)).toEqual(['Employee Joined']);
    expect(review.findings.filter((f) => f.kind === 'orphaned').every((f) => f.outcome === 'skipped')).toBe(
      true,
    );
  });

  it('CapReached_TheRestSkippedForTheNextRun', () => {
    const people = Array.from({ length: 5 }, (_, i) => person(`E${i}`, `u${i}`));
    const review = reviewFleet(
      input(
        people,
        people.map((p, i) => ws(`u${i}`, p.userName)),
        { settings: { ...allOn, caps: { adopt: 3 } } },
      ),
    );

    expect(review.adoptions).toHaveLength(3);
    expect(review.findings.filter((f) => f.outcome === 'skipped').map((f) => f.reason)).toEqual([
      'cap of 3 per run reached: the next run continues',
      'cap of 3 per run reached: the next run continues',
    ]);
  });

  it('DryRun_EveryActionDescribedNoneTaken', () => {
    const { people, fleet } = healthy(20);
    const review = reviewFleet(
      input(
        [...people, person('E1', 'ada'), person('E2', 'new')],
        [...fleet, ws('a', 'ada'), ws('x', 'x', { tags: tagged('E9') })],
        {
          settings: { ...allOn, dryRun: true },
        },
      ),
    );

    expect(review.findings.map((f) => f.outcome)).toEqual(['dry-run', 'dry-run', 'dry-run']);
    expect(review.adoptions).toEqual([]);
    expect(review.events).toEqual([]);
  });

  it('SameInputTwice_SameEventIds', () => {
    const args = input([person('E2', 'new')], [ws('x', 'x', { tags: tagged('E9') })], {
      settings: { ...allOn, maxOrphanedShare: 1 },
    });

    expect(reviewFleet(args).events.map((e) => e.detail.eventId)).toEqual(
      reviewFleet(args).events.map((e) => e.detail.eventId),
    );
  });
});

describe('fleet report', () => {
  const review = reviewFleet(
    input([person('E1', 'ada'), person('E2', 'new,"x"')], [ws('a', 'ada'), ws('z', 'zed')]),
  );

  it('Csv_OneRowPerFindingQuoted', () => {
    const lines = reportCsv(review).trim().split('\n');

    expect(lines[0]).toBe(
      'kind,workspaceId,directoryId,userName,employeeId,state,detail,action,outcome,reason',
    );
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain('"new,""x"""');
  });

  it('Html_SelfContainedEscapedWithCounts', () => {
    const html = reportHtml(review, {
      reviewId: 'r1',
      now,
      rosterSource: 'roster.csv',
      rosterRows: 2,
      rosterErrors: [],
      dryRun: false,
    });

    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet/);
    expect(html).toContain('id="count-untagged">1<');
    expect(html).toContain('new,&quot;x&quot;');
  });
});

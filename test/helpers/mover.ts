import { FakeEstate } from './fake-estate';

/** The WorkSpace of the mover tests: ada's, on the `standard` profile, created ten days ago. */
export const moverWorkspaceId = 'ws-abcdef123';
export const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

/** An estate with ada's `standard` WorkSpace (AVAILABLE, created `createdHoursAgo` ago) and her user. */
export function moverEstate(createdHoursAgo = 240): FakeEstate {
  const estate = new FakeEstate();
  estate.workspaces.push({
    workspaceId: moverWorkspaceId,
    userName: 'ada.lovelace',
    state: 'AVAILABLE',
    runningMode: 'AUTO_STOP',
    bundleId: 'wsb-8vbljg4r6',
    properties: {
      RunningModeAutoStopTimeoutInMinutes: 60,
      ComputeTypeName: 'STANDARD',
      RootVolumeSizeGib: 80,
      UserVolumeSizeGib: 50,
      OperatingSystemName: 'WINDOWS_SERVER_2022',
    },
    tags: {
      'managed-by': 'workspaces-lifecycle',
      'employee-id': 'E1001',
      'workspace-profile': 'standard',
      'lifecycle-created-at': hoursAgo(createdHoursAgo),
    },
  });
  estate.users.set('ada.lovelace', {
    enabled: true,
    givenName: 'Ada',
    surname: 'Lovelace',
    email: 'ada@example.com',
  });
  return estate;
}

/** An "Employee Changed" for ada with `changes`. */
export const moverEvent = (changes: Record<string, unknown>, eventId = 'evt-move-1') => ({
  eventId,
  employeeId: 'E1001',
  userName: 'ada.lovelace',
  ...changes,
});

import { DescribeWorkspaceDirectoriesCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { DirectoryNotFoundError, ThrottledError, TransientError } from '../../../functions/commons/errors';
import { clearRegistrationCodeCache, handler } from '../../../functions/get-registration-code';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const workspaces = mockClient(WorkSpacesClient);
const run = () => handler({}, lambdaContext('GetRegistrationCode'));
const registered = (RegistrationCode = 'SLiad+ABCDEF') =>
  workspaces.on(DescribeWorkspaceDirectoriesCommand).resolves({
    Directories: [{ DirectoryId: 'd-906700c0de', RegistrationCode }],
  });

beforeEach(() => {
  workspaces.reset();
  clearRegistrationCodeCache();
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('handler', () => {
  it('RegisteredDirectory_ReturnsItsCode', async () => {
    registered();

    await expect(run()).resolves.toEqual({ directoryId: 'd-906700c0de', registrationCode: 'SLiad+ABCDEF' });
    expect(workspaces).toHaveReceivedCommandWith(DescribeWorkspaceDirectoriesCommand, {
      DirectoryIds: ['d-906700c0de'],
    });
  });

  it('SecondCall_ComesFromTheCacheWithoutAnSdkCall', async () => {
    // Prepare
    registered();
    await run();

    // Act
    const second = await run();

    // Assess
    expect(second.registrationCode).toBe('SLiad+ABCDEF');
    expect(workspaces).toHaveReceivedCommandTimes(DescribeWorkspaceDirectoriesCommand, 1);
  });

  it('AfterAnHour_AsksAgain', async () => {
    // Prepare
    const start = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
    registered('SLiad+OLD');
    await run();
    registered('SLiad+NEW');

    // Act
    clock.mockReturnValue(start + 3_599_999);
    const withinTheHour = await run();
    clock.mockReturnValue(start + 3_600_001);
    const afterTheHour = await run();

    // Assess
    expect(withinTheHour.registrationCode).toBe('SLiad+OLD');
    expect(afterTheHour.registrationCode).toBe('SLiad+NEW');
    expect(workspaces).toHaveReceivedCommandTimes(DescribeWorkspaceDirectoriesCommand, 2);
  });

  it.each([
    ['NoDirectories', {}],
    ['NoCode', { Directories: [{ DirectoryId: 'd-906700c0de' }] }],
  ])('Unregistered_%s_ThrowsDirectoryNotFoundError', async (_, response) => {
    workspaces.on(DescribeWorkspaceDirectoriesCommand).resolves(response);

    await expect(run()).rejects.toThrow(
      new DirectoryNotFoundError(
        'DescribeWorkspaceDirectories: d-906700c0de is not registered with WorkSpaces',
      ),
    );
  });

  it('FailedLookup_IsNotCached', async () => {
    workspaces
      .on(DescribeWorkspaceDirectoriesCommand)
      .resolvesOnce({})
      .resolves({
        Directories: [{ DirectoryId: 'd-906700c0de', RegistrationCode: 'SLiad+LATE' }],
      });

    await expect(run()).rejects.toThrow(DirectoryNotFoundError);
    await expect(run()).resolves.toMatchObject({ registrationCode: 'SLiad+LATE' });
  });

  it.each([
    ['ThrottlingException', 400, ThrottledError],
    ['InternalFailure', 500, TransientError],
  ])('ThrownError_%s_Becomes_%p', async (name, status, expected) => {
    workspaces.on(DescribeWorkspaceDirectoriesCommand).rejects(serviceError(name, status));

    await expect(run()).rejects.toThrow(expected);
  });
});

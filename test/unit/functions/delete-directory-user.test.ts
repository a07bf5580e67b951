import {
  DeleteUserCommand,
  DirectoryServiceDataServiceError,
} from '../../../functions/commons/directory-service-data';
import { DirectoryError, ThrottledError, TransientError } from '../../../functions/commons/errors';
import { userClientToken } from '../../../functions/commons/leaver';
import { handler } from '../../../functions/delete-directory-user';
import { lambdaContext } from '../../../sandbox/state-machines';
import { mockDirectoryData } from '../../helpers/mock-directory-data';

const dsData = mockDirectoryData();
const dsError = (name: string, status: number) =>
  new DirectoryServiceDataServiceError(name, `${name} message`, { httpStatusCode: status });
const run = (dryRun = false) =>
  handler({ eventId: 'evt-leave-1', userName: 'ada.lovelace', dryRun }, lambdaContext('DeleteDirectoryUser'));

beforeEach(() => {
  dsData.reset();
});

describe('handler', () => {
  it('User_IsDeletedWithAnEventToken', async () => {
    dsData.on(DeleteUserCommand).resolves({});

    await expect(run()).resolves.toMatchObject({ deleted: true, found: true });
    const [input] = dsData.calls(DeleteUserCommand);
    expect(input).toEqual({
      DirectoryId: 'd-906700c0de',
      SAMAccountName: 'ada.lovelace',
      ClientToken: userClientToken('DeleteUser', 'evt-leave-1', 'ada.lovelace'),
    });
  });

  it('AlreadyDeleted_IsSuccess', async () => {
    dsData.on(DeleteUserCommand).rejects(dsError('ResourceNotFoundException', 404));

    await expect(run()).resolves.toMatchObject({ deleted: false, found: false });
  });

  it('DryRun_DeletesNothing', async () => {
    await expect(run(true)).resolves.toMatchObject({
      dryRun: true,
      change: 'would delete directory user ada.lovelace',
    });
    expect(dsData.send).not.toHaveBeenCalled();
  });

  it.each([
    ['ThrottlingException', 429, ThrottledError],
    ['DirectoryUnavailableException', 400, TransientError],
    ['AccessDeniedException', 403, DirectoryError],
  ])('ThrownError_%s_Becomes_%p', async (name, status, expected) => {
    dsData.on(DeleteUserCommand).rejects(dsError(name, status));

    await expect(run()).rejects.toThrow(expected);
  });
});

import {
  DirectoryServiceDataServiceError,
  DisableUserCommand,
} from '../../../functions/commons/directory-service-data';
import { DirectoryError, ThrottledError, TransientError } from '../../../functions/commons/errors';
import { userClientToken } from '../../../functions/commons/leaver';
import { handler } from '../../../functions/disable-directory-user';
import { lambdaContext } from '../../../sandbox/state-machines';
import { mockDirectoryData } from '../../helpers/mock-directory-data';
import { networkError } from '../support';

const dsData = mockDirectoryData();
const dsError = (name: string, status: number) =>
  new DirectoryServiceDataServiceError(name, `${name} message`, { httpStatusCode: status });
const run = (dryRun = false) =>
  handler(
    { eventId: 'evt-leave-1', userName: 'ada.lovelace', dryRun },
    lambdaContext('DisableDirectoryUser'),
  );

beforeEach(() => {
  dsData.reset();
});

describe('handler', () => {
  it('User_IsDisabledWithAnEventToken', async () => {
    dsData.on(DisableUserCommand).resolves({});

    await expect(run()).resolves.toEqual({
      mode: 'managed-ad',
      dryRun: false,
      change: 'disable directory user ada.lovelace',
      disabled: true,
      found: true,
    });
    const [input] = dsData.calls(DisableUserCommand);
    expect(input).toEqual({
      DirectoryId: 'd-906700c0de',
      SAMAccountName: 'ada.lovelace',
      ClientToken: userClientToken('DisableUser', 'evt-leave-1', 'ada.lovelace'),
    });
  });

  it('UserGone_IsSuccess', async () => {
    dsData.on(DisableUserCommand).rejects(dsError('ResourceNotFoundException', 404));

    await expect(run()).resolves.toMatchObject({ disabled: false, found: false });
  });

  it('DryRun_DisablesNothing', async () => {
    await expect(run(true)).resolves.toEqual({
      mode: 'managed-ad',
      dryRun: true,
      change: 'would disable directory user ada.lovelace',
    });
    expect(dsData.send).not.toHaveBeenCalled();
  });

  it.each([
    ['ThrottlingException', 429, ThrottledError],
    ['InternalServerException', 500, TransientError],
    ['DirectoryUnavailableException', 400, TransientError],
    ['AccessDeniedException', 403, DirectoryError],
    ['ValidationException', 400, DirectoryError],
    ['ConflictException', 409, DirectoryError],
  ])('ThrownError_%s_Becomes_%p', async (name, status, expected) => {
    dsData.on(DisableUserCommand).rejects(dsError(name, status));

    await expect(run()).rejects.toThrow(expected);
  });

  it('NetworkFailure_ThrowsTransientError', async () => {
    dsData.on(DisableUserCommand).rejects(networkError('ECONNRESET'));

    await expect(run()).rejects.toThrow(TransientError);
  });

  it('ExistingMode_CallsNothingAndSaysTheUserMustBeDisabledElsewhere', async () => {
    const previous = process.env.DIRECTORY_MODE;
    process.env.DIRECTORY_MODE = 'existing';
    try {
      await jest.isolateModulesAsync(async () => {
        const isolated = await import('../../../functions/disable-directory-user');
        const result = await isolated.handler(
          { eventId: 'evt-leave-1', userName: 'ada.lovelace', dryRun: false },
          lambdaContext('DisableDirectoryUser'),
        );
        expect(result).toMatchObject({
          mode: 'existing',
          disabled: false,
          note: expect.stringContaining('Disable ada.lovelace in the directory itself'),
        });
      });
    } finally {
      process.env.DIRECTORY_MODE = previous;
    }
    expect(dsData.send).not.toHaveBeenCalled();
  });
});

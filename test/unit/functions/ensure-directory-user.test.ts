import {
  CreateUserCommand,
  DirectoryServiceDataServiceError,
} from '../../../functions/commons/directory-service-data';
import {
  DirectoryError,
  DirectoryNotFoundError,
  ThrottledError,
  TransientError,
} from '../../../functions/commons/errors';
import { userClientToken } from '../../../functions/commons/leaver';
import { handler } from '../../../functions/ensure-directory-user';
import { lambdaContext } from '../../../sandbox/state-machines';
import { mockDirectoryData } from '../../helpers/mock-directory-data';
import { networkError } from '../support';

const dsData = mockDirectoryData();
const createUserInputs = () => dsData.calls(CreateUserCommand);
const input = {
  eventId: 'evt-0001',
  userName: 'ada.lovelace',
  givenName: 'Ada',
  familyName: 'Lovelace',
  email: 'ada.lovelace@example.com',
};
const dsError = (name: string, status: number) =>
  new DirectoryServiceDataServiceError(name, `${name} message`, { httpStatusCode: status });
const run = (event: unknown = input) => handler(event, lambdaContext('EnsureDirectoryUser'));

beforeEach(() => {
  dsData.reset();
});

describe('handler', () => {
  it('NewUser_CreatesItInTheDirectory', async () => {
    // Prepare
    dsData.on(CreateUserCommand).resolves({ SAMAccountName: 'ada.lovelace', SID: 'S-1-5-21' });

    // Act
    const result = await run();

    // Assess
    expect(result).toEqual({ userName: 'ada.lovelace', created: true, mode: 'managed-ad' });
    expect(dsData.calls(CreateUserCommand)).toHaveLength(1);
    expect(createUserInputs()).toEqual([
      {
        DirectoryId: 'd-906700c0de',
        SAMAccountName: 'ada.lovelace',
        GivenName: 'Ada',
        Surname: 'Lovelace',
        EmailAddress: 'ada.lovelace@example.com',
        ClientToken: userClientToken('CreateUser', 'evt-0001', 'ada.lovelace'),
      },
    ]);
  });

  it('RepeatedExecution_SendsTheSameClientToken', async () => {
    dsData.on(CreateUserCommand).resolves({});

    await run();
    await run();

    const tokens = createUserInputs().map((input) => input.ClientToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(tokens[1]);
  });

  it('UserAlreadyExists_IsASuccessWithoutCreation', async () => {
    dsData.on(CreateUserCommand).rejects(dsError('ConflictException', 409));

    await expect(run()).resolves.toEqual({ userName: 'ada.lovelace', created: false, mode: 'managed-ad' });
  });

  it.each([
    ['ResourceNotFoundException', 404, DirectoryNotFoundError],
    ['AccessDeniedException', 403, DirectoryError],
    ['ValidationException', 400, DirectoryError],
    ['DirectoryUnavailableException', 400, TransientError],
    ['ThrottlingException', 429, ThrottledError],
    ['InternalServerException', 500, TransientError],
  ])('ServiceError_%s_Becomes_%p', async (name, status, expected) => {
    // Prepare
    const error = dsError(name, status);
    dsData.on(CreateUserCommand).rejects(error);

    // Act
    const thrown = await run().catch((e: unknown) => e);

    // Assess
    expect(thrown).toBeInstanceOf(expected);
    expect(thrown).toMatchObject({
      name: expected.name,
      message: `CreateUser: ${name}: ${name} message`,
      cause: error,
    });
  });

  it('DirectoryUnreachable_BecomesTransientError', async () => {
    dsData
      .on(CreateUserCommand)
      .rejects(new TypeError('fetch failed', { cause: networkError('ECONNRESET') }));

    await expect(run()).rejects.toThrow(TransientError);
  });

  it('UnmappedServiceError_KeepsItsName', async () => {
    dsData.on(CreateUserCommand).rejects(dsError('ServiceQuotaExceededException', 402));

    await expect(run()).rejects.toMatchObject({ name: 'ServiceQuotaExceededException' });
  });

  it('InvalidUserName_ThrowsInvalidInputErrorWithoutACall', async () => {
    await expect(run({ ...input, userName: 'ada lovelace' })).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('userName: '),
    });
    expect(dsData.send).not.toHaveBeenCalled();
  });

  it('ExistingDirectoryMode_MakesNoCall', async () => {
    // Prepare: a cold start with DIRECTORY_MODE=existing, and a mock on that load's client class
    const saved = process.env.DIRECTORY_MODE;
    process.env.DIRECTORY_MODE = 'existing';
    let result: unknown;
    let calls = -1;
    try {
      await jest.isolateModulesAsync(async () => {
        const dsDataModule = await import('../../../functions/commons/directory-service-data');
        const isolated = mockDirectoryData(dsDataModule.DirectoryServiceDataClient);
        const { handler: existingHandler } = await import('../../../functions/ensure-directory-user');

        // Act
        result = await existingHandler(input, lambdaContext('EnsureDirectoryUser'));
        calls = isolated.send.mock.calls.length;
        isolated.restore();
      });
    } finally {
      process.env.DIRECTORY_MODE = saved;
    }

    // Assess
    expect(result).toEqual({ userName: 'ada.lovelace', created: false, mode: 'existing' });
    expect(calls).toBe(0);
    expect(dsData.send).not.toHaveBeenCalled();
  });
});

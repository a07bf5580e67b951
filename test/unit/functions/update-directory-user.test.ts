import {
  DirectoryServiceDataServiceError,
  UpdateUserCommand,
} from '../../../functions/commons/directory-service-data';
import { DirectoryError, UserNotFoundError } from '../../../functions/commons/errors';
import { userClientToken } from '../../../functions/commons/leaver';
import { handler } from '../../../functions/update-directory-user';
import { lambdaContext } from '../../../sandbox/state-machines';
import { mockDirectoryData } from '../../helpers/mock-directory-data';

const dsData = mockDirectoryData();
const dsError = (name: string, status: number) =>
  new DirectoryServiceDataServiceError(name, `${name} message`, { httpStatusCode: status });
const input = {
  eventId: 'evt-join-2',
  userName: 'ada.lovelace',
  givenName: 'Ada',
  familyName: 'King',
  email: 'ada.king@example.com',
};
const run = () => handler(input, lambdaContext('UpdateDirectoryUser'));

beforeEach(() => {
  dsData.reset();
});

describe('handler', () => {
  it('CorrectedJoiner_TheUserTakesHrNamesAndEmail', async () => {
    dsData.on(UpdateUserCommand).resolves({});

    await expect(run()).resolves.toEqual({ updated: true });
    expect(dsData.calls(UpdateUserCommand)).toEqual([
      {
        DirectoryId: 'd-906700c0de',
        SAMAccountName: 'ada.lovelace',
        GivenName: 'Ada',
        Surname: 'King',
        EmailAddress: 'ada.king@example.com',
        UpdateType: 'REPLACE',
        ClientToken: userClientToken('UpdateUser', 'evt-join-2', 'ada.lovelace'),
      },
    ]);
  });

  it('NotReplicatedYet_ThrowsUserNotFoundError', async () => {
    dsData.on(UpdateUserCommand).rejects(dsError('ResourceNotFoundException', 404));

    await expect(run()).rejects.toBeInstanceOf(UserNotFoundError);
  });

  it('Refused_ThrowsDirectoryError', async () => {
    dsData.on(UpdateUserCommand).rejects(dsError('AccessDeniedException', 403));

    await expect(run()).rejects.toBeInstanceOf(DirectoryError);
  });
});

import {
  DirectoryServiceDataServiceError,
  ListUsersCommand,
} from '../../../functions/commons/directory-service-data';
import { DirectoryError, TransientError } from '../../../functions/commons/errors';
import { S3Client } from '../../../functions/commons/s3';
import { handler } from '../../../functions/read-directory-users-page';
import { lambdaContext } from '../../../sandbox/state-machines';
import { mockDirectoryData } from '../../helpers/mock-directory-data';

const dsData = mockDirectoryData();
const run = (event: unknown = { reviewId: 'r1', page: 1, nextToken: 'n1', users: 250 }) =>
  handler(event, lambdaContext('ReadDirectoryUsersPage'));
let stored: Array<{ Key: string; Body?: string }>;

beforeEach(() => {
  dsData.reset();
  stored = [];
  jest.restoreAllMocks();
  jest.spyOn(S3Client.prototype, 'send').mockImplementation(async (command) => {
    stored.push(command.input as { Key: string; Body?: string });
    return {};
  });
});

describe('handler', () => {
  it('OnePage_KeptInTheStore_CountsAddUp', async () => {
    dsData.on(ListUsersCommand).resolves({
      Users: [{ SAMAccountName: 'ada', Enabled: true }, { SAMAccountName: 'bob', Enabled: false }, {}],
      NextToken: 'n2',
    });

    await expect(run()).resolves.toEqual({ page: 2, nextToken: 'n2', users: 252, read: true });
    expect(dsData.calls(ListUsersCommand)).toEqual([
      { DirectoryId: 'd-906700c0de', MaxResults: 250, NextToken: 'n1' },
    ]);
    expect(stored[0].Key).toBe('reviews/r1/users/00001.json');
    expect(JSON.parse(stored[0].Body ?? '')).toEqual([
      { userName: 'ada', enabled: true },
      { userName: 'bob', enabled: false },
    ]);
  });

  it.each([
    ['AccessDeniedException', 403, DirectoryError],
    ['InternalServerException', 500, TransientError],
  ])('%s_MapsTo%p', async (name, status, ErrorClass) => {
    dsData
      .on(ListUsersCommand)
      .rejects(new DirectoryServiceDataServiceError(name, 'm', { httpStatusCode: status }));

    await expect(run()).rejects.toBeInstanceOf(ErrorClass);
  });
});

import {
  DescribeUserCommand,
  DirectoryServiceDataServiceError,
} from '../../../functions/commons/directory-service-data';
import { DirectoryError, TransientError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/read-directory-user';
import { lambdaContext } from '../../../sandbox/state-machines';
import { mockDirectoryData } from '../../helpers/mock-directory-data';

const dsData = mockDirectoryData();
const dsError = (name: string, status: number) =>
  new DirectoryServiceDataServiceError(name, `${name} message`, { httpStatusCode: status });
const run = () => handler({ userName: 'ada.lovelace' }, lambdaContext('ReadDirectoryUser'));

beforeEach(() => {
  dsData.reset();
});

describe('handler', () => {
  it.each([
    [true, true],
    [false, false],
    [undefined, false],
  ])('Enabled%p_IsReportedAs%p', async (Enabled, enabled) => {
    dsData.on(DescribeUserCommand).resolves({ Enabled, GivenName: 'Ada', Surname: 'Lovelace' });

    await expect(run()).resolves.toEqual({
      mode: 'managed-ad',
      checked: true,
      exists: true,
      enabled,
      givenName: 'Ada',
      familyName: 'Lovelace',
    });
  });

  it('NoNames_FallBackToTheAccountName', async () => {
    dsData.on(DescribeUserCommand).resolves({ Enabled: false });

    await expect(run()).resolves.toMatchObject({ givenName: 'ada.lovelace', familyName: 'ada.lovelace' });
  });

  it('Missing_IsReportedNotFound', async () => {
    dsData.on(DescribeUserCommand).rejects(dsError('ResourceNotFoundException', 404));

    await expect(run()).resolves.toMatchObject({ checked: true, exists: false, enabled: false });
  });

  it.each([
    ['InternalServerException', 500, TransientError],
    ['AccessDeniedException', 403, DirectoryError],
  ])('ThrownError_%s_Becomes_%p', async (name, status, expected) => {
    dsData.on(DescribeUserCommand).rejects(dsError(name, status));

    await expect(run()).rejects.toThrow(expected);
  });
});

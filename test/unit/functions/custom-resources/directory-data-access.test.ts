import {
  DescribeDirectoryDataAccessCommand,
  DirectoryServiceClient,
  DisableDirectoryDataAccessCommand,
  EnableDirectoryDataAccessCommand,
} from '@aws-sdk/client-directory-service';
import { mockClient } from 'aws-sdk-client-mock';
import { isComplete, onEvent } from '../../../../functions/custom-resources/directory-data-access';
import { serviceError } from '../../support';
import { createEvent, deleteEvent, isCompleteEvent, updateEvent } from './events';

const ds = mockClient(DirectoryServiceClient);
const directoryId = 'd-906700c0de';
const otherDirectoryId = 'd-906700beef';

beforeEach(() => {
  ds.reset();
});

describe('onEvent', () => {
  test('Create enables data access and uses the directory id as physical id', async () => {
    ds.on(DescribeDirectoryDataAccessCommand).resolves({ DataAccessStatus: 'Disabled' });
    ds.on(EnableDirectoryDataAccessCommand).resolves({});

    const result = await onEvent(createEvent({ DirectoryId: directoryId }));

    expect(result.PhysicalResourceId).toBe(directoryId);
    expect(ds).toHaveReceivedCommandWith(EnableDirectoryDataAccessCommand, { DirectoryId: directoryId });
  });

  test('Create when already enabled (AlreadyEnabled) calls nothing more', async () => {
    ds.on(DescribeDirectoryDataAccessCommand).resolves({ DataAccessStatus: 'Enabled' });

    await onEvent(createEvent({ DirectoryId: directoryId }));

    expect(ds).not.toHaveReceivedCommand(EnableDirectoryDataAccessCommand);
  });

  test('Create racing another enable (DirectoryInDesiredStateException) succeeds', async () => {
    ds.on(DescribeDirectoryDataAccessCommand).resolves({ DataAccessStatus: 'Disabled' });
    ds.on(EnableDirectoryDataAccessCommand).rejects(serviceError('DirectoryInDesiredStateException'));

    await expect(onEvent(createEvent({ DirectoryId: directoryId }))).resolves.toEqual(
      expect.objectContaining({ PhysicalResourceId: directoryId }),
    );
  });

  test('Create with a bad directory id names the property', async () => {
    await expect(onEvent(createEvent({ DirectoryId: 'nope' }))).rejects.toThrow(
      /DirectoryId: must be a Directory/,
    );
  });

  test('Create passes other errors through', async () => {
    ds.on(DescribeDirectoryDataAccessCommand).resolves({ DataAccessStatus: 'Disabled' });
    ds.on(EnableDirectoryDataAccessCommand).rejects(serviceError('AccessDeniedException'));

    await expect(onEvent(createEvent({ DirectoryId: directoryId }))).rejects.toThrow('AccessDeniedException');
  });

  test('Update to another directory enables it and returns the new physical id', async () => {
    ds.on(DescribeDirectoryDataAccessCommand).resolves({ DataAccessStatus: 'Disabled' });
    ds.on(EnableDirectoryDataAccessCommand).resolves({});

    const result = await onEvent(
      updateEvent(directoryId, { DirectoryId: otherDirectoryId }, { DirectoryId: directoryId }),
    );

    expect(result.PhysicalResourceId).toBe(otherDirectoryId);
    expect(ds).toHaveReceivedCommandWith(EnableDirectoryDataAccessCommand, { DirectoryId: otherDirectoryId });
  });

  test('Delete disables data access', async () => {
    ds.on(DisableDirectoryDataAccessCommand).resolves({});

    await onEvent(deleteEvent(directoryId, { DirectoryId: directoryId }));

    expect(ds).toHaveReceivedCommandWith(DisableDirectoryDataAccessCommand, { DirectoryId: directoryId });
  });

  test.each(['DirectoryDoesNotExistException', 'DirectoryInDesiredStateException'])(
    'Delete when already gone or off (%s) succeeds',
    async (name) => {
      ds.on(DisableDirectoryDataAccessCommand).rejects(serviceError(name));

      await expect(onEvent(deleteEvent(directoryId, { DirectoryId: directoryId }))).resolves.toEqual({
        PhysicalResourceId: directoryId,
      });
    },
  );

  test('Delete after a failed Create (no directory id) calls nothing', async () => {
    await onEvent(deleteEvent('request-1', { DirectoryId: directoryId }));

    expect(ds.calls()).toHaveLength(0);
  });
});

describe('isComplete', () => {
  const create = createEvent({ DirectoryId: directoryId });

  test.each([
    ['Enabling', false],
    ['Disabled', false],
    ['Enabled', true],
  ])('Create with status %s: complete is %s', async (status, complete) => {
    ds.on(DescribeDirectoryDataAccessCommand).resolves({ DataAccessStatus: status as 'Enabled' });

    const result = await isComplete(isCompleteEvent(create, directoryId));

    expect(result.IsComplete).toBe(complete);
  });

  test('Create with status Failed throws', async () => {
    ds.on(DescribeDirectoryDataAccessCommand).resolves({ DataAccessStatus: 'Failed' });

    await expect(isComplete(isCompleteEvent(create, directoryId))).rejects.toThrow(/ended in status Failed/);
  });

  test.each([
    ['Disabling', false],
    ['Disabled', true],
  ])('Delete with status %s: complete is %s', async (status, complete) => {
    ds.on(DescribeDirectoryDataAccessCommand).resolves({ DataAccessStatus: status as 'Disabled' });

    const result = await isComplete(isCompleteEvent(deleteEvent(directoryId, {}), directoryId));

    expect(result.IsComplete).toBe(complete);
  });

  test('Delete when the directory is already gone is complete', async () => {
    ds.on(DescribeDirectoryDataAccessCommand).rejects(serviceError('DirectoryDoesNotExistException'));

    const result = await isComplete(isCompleteEvent(deleteEvent(directoryId, {}), directoryId));

    expect(result.IsComplete).toBe(true);
  });
});

import {
  ThrottledError,
  TransientError,
  UserNotFoundError,
  WorkspaceExistsError,
  WorkspaceQuotaExceededError,
  WorkspaceRequestError,
} from '../../../../functions/commons/errors';
import { failedRequestError, workspacesError } from '../../../../functions/commons/workspaces';
import { networkError, serviceError } from '../../support';

describe('failedRequestError', () => {
  it.each([
    ['ResourceExists.WorkSpace', WorkspaceExistsError],
    ['ResourceNotFound.User', UserNotFoundError],
    ['ResourceLimitExceeded', WorkspaceQuotaExceededError],
    ['ResourceLimitExceeded.WorkSpaces', WorkspaceQuotaExceededError],
    ['ResourceLimitExceededException', WorkspaceQuotaExceededError],
    ['InvalidParameterValuesException', WorkspaceRequestError],
    ['ResourceNotFound.Bundle', WorkspaceRequestError],
    ['ResourceExists.User', WorkspaceRequestError],
  ])('Code_%s_MapsToItsError', (code, expected) => {
    // Act
    const error = failedRequestError('CreateWorkspaces', { ErrorCode: code, ErrorMessage: 'details' });

    // Assess
    expect(error).toBeInstanceOf(expected);
    expect(error.name).toBe(expected.name);
    expect(error.message).toBe(`CreateWorkspaces: ${code}: details`);
  });

  it('NoCodeNorMessage_IsARequestErrorSayingSo', () => {
    const error = failedRequestError('RebootWorkspaces', {});

    expect(error).toBeInstanceOf(WorkspaceRequestError);
    expect(error.message).toBe('RebootWorkspaces: Unknown: no message');
  });
});

describe('workspacesError', () => {
  it('ResourceLimitExceededException_BecomesWorkspaceQuotaExceededError', () => {
    const error = serviceError('ResourceLimitExceededException');

    const mapped = workspacesError(error, 'CreateWorkspaces');

    expect(mapped).toBeInstanceOf(WorkspaceQuotaExceededError);
    expect(mapped.cause).toBe(error);
  });

  it.each([
    'InvalidParameterValuesException',
    'InvalidResourceStateException',
    'OperationNotSupportedException',
    'AccessDeniedException',
  ])('Refusal_%s_BecomesWorkspaceRequestError', (name) => {
    const mapped = workspacesError(serviceError(name, 400, 'no'), 'RebuildWorkspaces');

    expect(mapped).toBeInstanceOf(WorkspaceRequestError);
    expect(mapped.message).toBe(`RebuildWorkspaces: ${name}: no`);
  });

  it('Throttling_BecomesThrottledError', () => {
    expect(workspacesError(serviceError('ThrottlingException'), 'DescribeWorkspaces')).toBeInstanceOf(
      ThrottledError,
    );
  });

  it('ServerErrorOrNetwork_BecomesTransientError', () => {
    expect(workspacesError(serviceError('InternalFailure', 500), 'X')).toBeInstanceOf(TransientError);
    expect(workspacesError(networkError('ECONNRESET'), 'X')).toBeInstanceOf(TransientError);
  });

  it('UnmappedClientError_StaysItself', () => {
    const error = serviceError('ValidationException');

    expect(workspacesError(error, 'X')).toBe(error);
  });
});

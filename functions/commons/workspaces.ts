import type { FailedCreateWorkspaceRequest } from '@aws-sdk/client-workspaces';
import { mapAwsError } from './aws-errors';
import {
  type LifecycleError,
  UserNotFoundError,
  WorkspaceExistsError,
  WorkspaceQuotaExceededError,
  WorkspaceRequestError,
} from './errors';

/** Tag keys this project puts on the WorkSpaces it manages. */
export const Tags = {
  ManagedBy: 'managed-by',
  EmployeeId: 'employee-id',
  EventId: 'lifecycle-event-id',
  Profile: 'workspace-profile',
  /** The ordering time of the joiner event in charge: a leaver ordered before it does not remove the WorkSpace. */
  JoinedAt: 'lifecycle-joined-at',
  /** When the WorkSpace was asked for (queued for CreateWorkspaces): AWS allows no change in its first 6 hours. */
  CreatedAt: 'lifecycle-created-at',
} as const;
export const ManagedByValue = 'workspaces-lifecycle';

/**
 * The error for one entry of `FailedRequests`. WorkSpaces reports per-request failures inside
 * a 200 response with a free-form ErrorCode; the codes seen in practice are mapped, anything
 * else is a request error carrying the code and message.
 */
export function failedRequestError(
  operation: string,
  failed: Pick<FailedCreateWorkspaceRequest, 'ErrorCode' | 'ErrorMessage'>,
): LifecycleError {
  const code = failed.ErrorCode ?? 'Unknown';
  const message = `${operation}: ${code}: ${failed.ErrorMessage ?? 'no message'}`;
  if (code === 'ResourceExists.WorkSpace') return new WorkspaceExistsError(message);
  if (code === 'ResourceNotFound.User') return new UserNotFoundError(message);
  if (code.startsWith('ResourceLimitExceeded')) return new WorkspaceQuotaExceededError(message);
  return new WorkspaceRequestError(message);
}

/** Maps a thrown WorkSpaces error (exception, not FailedRequests) to our named errors. */
export function workspacesError(error: unknown, operation: string): Error {
  return mapAwsError(error, operation, {
    ResourceLimitExceededException: WorkspaceQuotaExceededError,
    InvalidParameterValuesException: WorkspaceRequestError,
    InvalidResourceStateException: WorkspaceRequestError,
    OperationNotSupportedException: WorkspaceRequestError,
    AccessDeniedException: WorkspaceRequestError,
  });
}

/**
 * Errors the task functions throw. Each leaf has a literal `name`: the ASL `Retry` and
 * `Catch` blocks match on exactly these names (a test keeps the two in step).
 */
export abstract class LifecycleError extends Error {
  abstract override readonly name: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The execution input or a task input does not match its contract. Not retried. */
export class InvalidInputError extends LifecycleError {
  override readonly name = 'InvalidInputError';
}

/** Configuration read at cold start is missing or malformed. */
export class ConfigurationError extends LifecycleError {
  override readonly name = 'ConfigurationError';
}

/** An AWS API answered with throttling. Retried with jittered backoff by the ASL. */
export class ThrottledError extends LifecycleError {
  override readonly name = 'ThrottledError';
}

/** An AWS API answered 5xx or could not be reached. Retried by the ASL. */
export class TransientError extends LifecycleError {
  override readonly name = 'TransientError';
}

/** WorkSpaces does not see the directory user yet (`ResourceNotFound.User`): replication lag. */
export class UserNotFoundError extends LifecycleError {
  override readonly name = 'UserNotFoundError';
}

/** The user already has a WorkSpace (`ResourceExists.WorkSpace`): the flow adopts it. */
export class WorkspaceExistsError extends LifecycleError {
  override readonly name = 'WorkspaceExistsError';
}

/** The account's WorkSpaces quota is used up. Needs a human: not retried. */
export class WorkspaceQuotaExceededError extends LifecycleError {
  override readonly name = 'WorkspaceQuotaExceededError';
}

/** WorkSpaces refused the request for another reason (bad bundle, directory, parameters). */
export class WorkspaceRequestError extends LifecycleError {
  override readonly name = 'WorkspaceRequestError';
}

/** No WorkSpace was found where one was expected. */
export class WorkspaceNotFoundError extends LifecycleError {
  override readonly name = 'WorkspaceNotFoundError';
}

/** The WorkSpace did not become AVAILABLE before the provisioning deadline. */
export class ProvisioningDeadlineError extends LifecycleError {
  override readonly name = 'ProvisioningDeadlineError';
}

/** The directory refused a user operation (access denied, directory unavailable, bad data). */
export class DirectoryError extends LifecycleError {
  override readonly name = 'DirectoryError';
}

/** The directory id is unknown to WorkSpaces or Directory Service. */
export class DirectoryNotFoundError extends LifecycleError {
  override readonly name = 'DirectoryNotFoundError';
}

/** SES refused this message for good (bad or suppressed address, unverified sender): a human must fix the cause. */
export class EmailRejectedError extends LifecycleError {
  override readonly name = 'EmailRejectedError';
}

/**
 * SES refused to send for now (sending paused, sending quota used up): a refusal that clears by
 * itself or by an operator's hand within hours, so the state machine retries it on a long schedule.
 */
export class EmailDeferredError extends LifecycleError {
  override readonly name = 'EmailDeferredError';
}

/** A throttling or transient error outlasted the retries; named apart so it is not retried again. */
export class RetriesExhaustedError extends LifecycleError {
  override readonly name = 'RetriesExhaustedError';
}

/**
 * The WorkSpace is not in a state that takes the change now (not AVAILABLE or STOPPED, or a
 * modification still in progress): the state machine tries again every few minutes.
 */
export class WorkspaceBusyError extends LifecycleError {
  override readonly name = 'WorkspaceBusyError';
}

/**
 * A deferred mover change found a newer change in charge of the WorkSpace when its time came:
 * raised by the mover's ASL (a Fail state), caught to end the older change quietly.
 */
export class ChangeSupersededError extends LifecycleError {
  override readonly name = 'ChangeSupersededError';
}

/** Every error class by name, for the test that checks the ASL against them. */
export const errorClasses = {
  InvalidInputError,
  ConfigurationError,
  ThrottledError,
  TransientError,
  UserNotFoundError,
  WorkspaceExistsError,
  WorkspaceQuotaExceededError,
  WorkspaceRequestError,
  WorkspaceNotFoundError,
  ProvisioningDeadlineError,
  DirectoryError,
  DirectoryNotFoundError,
  EmailRejectedError,
  EmailDeferredError,
  RetriesExhaustedError,
  WorkspaceBusyError,
  ChangeSupersededError,
} as const;

/** The roster object is not in the roster bucket (or cannot be read): the review cannot judge the fleet. */
export class RosterNotFoundError extends LifecycleError {
  override readonly name = 'RosterNotFoundError';
}

/** The review's store (its S3 bucket) refused a read or write for a reason retries cannot clear. */
export class ReviewStoreError extends LifecycleError {
  override readonly name = 'ReviewStoreError';
}

/** CloudWatch refused the usage query, or answered it in a form the review does not expect. */
export class UsageReadError extends LifecycleError {
  override readonly name = 'UsageReadError';
}

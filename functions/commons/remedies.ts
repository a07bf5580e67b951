/**
 * What an operator does about each named error a flow can end with: the line an alert and the
 * failures list (`npm run failures`) print under the cause. The commands are the README's
 * "When something fails"; `--aws` runs each against the deployed account.
 */

/** Errors a redrive cannot clear: the input itself is wrong, or what it needs is gone. */
export const notRedrivable: ReadonlySet<string> = new Set([
  'InvalidInputError',
  'WorkspaceOfAnotherEmployee',
  'WorkspaceLost',
]);

/** What fixes each cause; {@link remedyFor} adds how to retry. */
const remedies: Record<string, string> = {
  EmailRejectedError:
    "SES refused the message for good: check the address it went to (the new hire's email, or managerEmail for the password), the SES suppression list and the sender identity. No password is pending: the user was disabled again.",
  EmailDeferredError:
    'SES sending is paused or its sending quota is used up: resume sending or raise the quota in SES.',
  WorkspaceQuotaExceededError:
    'The WorkSpaces quota is used up: raise it (Service Quotas, "WorkSpaces") or terminate unused WorkSpaces.',
  ProvisioningDeadlineError:
    'The WorkSpace is still being created. The provisioner keeps watching it and finishes the onboarding when it becomes AVAILABLE; to give up on it, terminate it.',
  WorkspaceUnrecoverable:
    'Look at the WorkSpace in the console: rebuild or restore it by hand (it is watched again on a retry).',
  WorkspaceLost:
    'The WorkSpace was terminated or suspended: a redrive cannot bring it back; send the joiner event again with a new eventId.',
  UserNotFoundError: 'Check that the directory user exists (replication can lag).',
  DirectoryError: 'Fix what the cause names in the directory.',
  DirectoryNotFoundError: 'The configured directory is unknown: fix automation.directory.id and deploy.',
  InvalidInputError:
    'Fix the HR record and send a new event (a new eventId); a redrive would fail the same way.',
  WorkspaceOfAnotherEmployee:
    'The user name has a WorkSpace tagged for another employee: check the HR record and the directory; a redrive cannot help.',
  RosterNotFoundError:
    'Upload the roster to the review bucket at fleetReview.rosterKey (npm run roster -- review --roster FILE --aws --bucket NAME), then run the review again.',
  ReviewStoreError:
    "The fleet review cannot read or write its bucket: check the bucket and the functions' permissions, then run the review again.",
  ThrottledError: 'AWS throttled for longer than the retries: retry when the account is quieter.',
  TransientError: 'An AWS service failed for longer than the retries.',
  RetriesExhaustedError: 'An AWS service failed or throttled for longer than the retries.',
  // The mover's
  GraphicsChangeNotAllowed:
    'AWS changes no graphics compute type (but GRAPHICS_G4DN <-> GRAPHICSPRO_G4DN): give the person a new WorkSpace from the new bundle by hand, or choose a profile of the same compute family.',
  MigrationNotAllowed:
    'The new profile runs another operating system: allow migration (automation.mover.allowMigration; a new WorkSpace id, the user volume from its last snapshot) or replace the WorkSpace by hand.',
  NoWorkspaceToChange:
    'No WorkSpace of theirs appeared: check that their joiner finished (npm run failures), then send the change again.',
  WorkspaceBusyError:
    'The WorkSpace stayed in a state that takes no change (not AVAILABLE or STOPPED) for over an hour: look at it in the console.',
  WorkspaceRequestError: 'WorkSpaces refused the request: fix what the cause names.',
};

/** Flows whose failure a redrive resumes: the joiner fails in AwaitRedrive, not in a Fail state. */
const redrivable = /:(execution|stateMachine):[^:]*joiner/i;

/**
 * What to do about an error: its fix, then how to retry. The joiner is redriven; the leaver and
 * rehire flows end in a Fail state, which a redrive would only fail again, so for them the HR
 * event is sent again.
 */
export function remedyFor(errorName: string | undefined, executionArn?: string): string {
  const text = (errorName && remedies[errorName]) ?? 'Read the cause and fix it.';
  if (errorName && notRedrivable.has(errorName)) return text;
  if (errorName === 'ProvisioningDeadlineError') return text;
  if (!executionArn) return `${text} Then redrive the execution.`;
  if (!redrivable.test(executionArn)) return `${text} Then send the HR event again with a new eventId.`;
  return `${text} Then: npm run redrive -- ${executionArn}`;
}

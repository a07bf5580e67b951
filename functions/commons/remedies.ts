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

const remedies: Record<string, string> = {
  EmailRejectedError:
    "SES refused the message for good: check the address it went to (the new hire's email, or managerEmail for the password), the SES suppression list and the sender identity; then redrive. No password is pending: the user was disabled again.",
  EmailDeferredError:
    'SES sending is paused or its sending quota is used up: resume sending or raise the quota in SES, then redrive.',
  WorkspaceQuotaExceededError:
    'The WorkSpaces quota is used up: raise it (Service Quotas, "WorkSpaces") or terminate unused WorkSpaces, then redrive.',
  ProvisioningDeadlineError:
    'The WorkSpace is still being created. The provisioner keeps watching it and finishes the onboarding when it becomes AVAILABLE; to give up on it, terminate it.',
  WorkspaceUnrecoverable:
    'Look at the WorkSpace in the console: rebuild or restore it by hand, then redrive (it is watched again).',
  WorkspaceLost:
    'The WorkSpace was terminated or suspended: a redrive cannot bring it back; send the joiner event again with a new eventId.',
  UserNotFoundError: 'Check that the directory user exists (replication can lag), then redrive.',
  DirectoryError: 'Fix what the cause names in the directory, then redrive.',
  DirectoryNotFoundError:
    'The configured directory is unknown: fix automation.directory.id and deploy, then redrive.',
  InvalidInputError:
    'Fix the HR record and send a new event (a new eventId); a redrive would fail the same way.',
  WorkspaceOfAnotherEmployee:
    'The user name has a WorkSpace tagged for another employee: check the HR record and the directory; a redrive cannot help.',
  ThrottledError: 'AWS throttled for longer than the retries: redrive when the account is quieter.',
  TransientError: 'An AWS service failed for longer than the retries: redrive.',
  RetriesExhaustedError: 'An AWS service failed or throttled for longer than the retries: redrive.',
};

/** The suggested action for an error name, with the redrive command when a redrive helps. */
export function remedyFor(errorName: string | undefined, executionArn?: string): string {
  const text = (errorName && remedies[errorName]) ?? 'Read the cause; once it is fixed, redrive.';
  if (errorName && notRedrivable.has(errorName)) return text;
  return executionArn ? `${text} Redrive: npm run redrive -- ${executionArn}` : text;
}

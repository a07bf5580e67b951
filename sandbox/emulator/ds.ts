import { z } from 'zod';
import type { EmulatorContext } from './context';
import { domainOf } from './directory';
import { ApiError, type JsonRpcService, validate } from './protocol';

const resetUserPassword = z.object({
  DirectoryId: z.string().regex(/^d-[0-9a-f]{10}$/),
  UserName: z.string().min(1).max(64),
  NewPassword: z.string().min(1).max(127),
});
const describeDirectories = z.object({
  DirectoryIds: z.array(z.string()).optional(),
  Limit: z.number().int().min(0).optional(),
  NextToken: z.string().optional(),
});

/**
 * Directory Service (awsJson1_1, `DirectoryService_20150416`): ResetUserPassword and
 * DescribeDirectories. `managed-ad` directories appear as MicrosoftAD, `existing` ones as an
 * AD Connector, where AWS does not reset passwords.
 */
export function directoryService(ctx: EmulatorContext): JsonRpcService {
  return {
    name: 'ds',
    version: '1.1',
    targetPrefix: 'DirectoryService_20150416',
    operations: {
      ResetUserPassword: (input) => {
        const body = validate(resetUserPassword, input, 'InvalidParameterException');
        const directory = ctx.directories.directory(body.DirectoryId);
        if (!directory)
          throw new ApiError('EntityDoesNotExistException', `Directory ${body.DirectoryId} does not exist.`);
        if (directory.mode !== 'managed-ad') {
          throw new ApiError(
            'UnsupportedOperationException',
            'ResetUserPassword is not supported for AD Connector.',
          );
        }
        const user = ctx.directories.find(body.DirectoryId, body.UserName);
        if (!user) throw new ApiError('UserDoesNotExistException', `User ${body.UserName} does not exist.`);
        if (!isComplex(body.NewPassword, body.UserName)) {
          throw new ApiError(
            'InvalidPasswordException',
            'The new password does not meet the password policy.',
          );
        }
        // Only the fact is kept, never the password. AWS documents that the reset also enables
        // a disabled user: https://docs.aws.amazon.com/directoryservice/latest/devguide/API_ResetUserPassword.html
        user.passwordSetCount += 1;
        user.passwordLastSetAt = ctx.clock.now();
        user.enabled = true;
        return {};
      },
      DescribeDirectories: (input) => {
        const body = validate(describeDirectories, input, 'InvalidParameterException');
        const wanted = body.DirectoryIds;
        for (const id of wanted ?? []) {
          if (!ctx.directories.directory(id))
            throw new ApiError('EntityDoesNotExistException', `Directory ${id} does not exist.`);
        }
        const selected = ctx.directories.configs.filter((c) => !wanted || wanted.includes(c.directoryId));
        return {
          DirectoryDescriptions: selected.map((c) => {
            const domain = domainOf(c);
            return {
              DirectoryId: c.directoryId,
              Name: domain,
              ShortName: domain.split('.')[0].toUpperCase(),
              Type: c.mode === 'managed-ad' ? 'MicrosoftAD' : 'ADConnector',
              Stage: 'Active',
              Size: c.mode === 'managed-ad' ? undefined : 'Small',
              Edition: c.mode === 'managed-ad' ? 'Standard' : undefined,
              DnsIpAddrs: ['10.0.0.10', '10.0.1.10'],
            };
          }),
        };
      },
    },
  };
}

/** The Active Directory default policy: 8+ characters, three of four character classes, no user name. */
function isComplex(password: string, userName: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(password)).length;
  return password.length >= 8 && classes >= 3 && !password.toLowerCase().includes(userName.toLowerCase());
}

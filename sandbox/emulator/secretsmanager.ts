import { z } from 'zod';
import type { EmulatorContext } from './context';
import { ApiError, type JsonRpcService, validate } from './protocol';

const getSecretValue = z.object({
  SecretId: z.string().min(1).max(2048),
  VersionId: z.string().optional(),
  VersionStage: z.string().optional(),
});

/**
 * AWS Secrets Manager (awsJson1_1, `secretsmanager`): GetSecretValue for the secrets the
 * sandbox is started with, found by name or ARN. Unknown ids answer ResourceNotFoundException
 * as AWS does (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html).
 */
export function secretsManager(ctx: EmulatorContext, secrets: Record<string, string>): JsonRpcService {
  const arnOf = (name: string) =>
    `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${name}-AbCdEf`;
  return {
    name: 'secretsmanager',
    version: '1.1',
    targetPrefix: 'secretsmanager',
    operations: {
      GetSecretValue: (input) => {
        const { SecretId } = validate(getSecretValue, input, 'InvalidParameterException');
        const name = Object.keys(secrets).find((n) => n === SecretId || arnOf(n) === SecretId);
        if (name === undefined) {
          throw new ApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
        }
        return {
          ARN: arnOf(name),
          Name: name,
          SecretString: secrets[name],
          VersionId: '00000000-0000-4000-8000-000000000001',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 0,
        };
      },
    },
  };
}

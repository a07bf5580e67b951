import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger of every task function. Structured JSON; log level from
 * `POWERTOOLS_LOG_LEVEL`. Never pass it a password or a registration code.
 */
export const logger = new Logger({ serviceName: 'workspaces-lifecycle' });

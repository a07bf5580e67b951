import { isErrorNamed, mapAwsError } from '../../../../functions/commons/aws-errors';
import { ThrottledError, TransientError, WorkspaceRequestError } from '../../../../functions/commons/errors';
import { networkError, serviceError } from '../../support';

describe('mapAwsError', () => {
  it('KnownName_UsesTheFactoryWithOperationNameAndMessage', () => {
    // Prepare
    const error = serviceError('InvalidParameterValuesException', 400, 'bad bundle');

    // Act
    const mapped = mapAwsError(error, 'CreateWorkspaces', {
      InvalidParameterValuesException: WorkspaceRequestError,
    });

    // Assess
    expect(mapped).toBeInstanceOf(WorkspaceRequestError);
    expect(mapped.name).toBe('WorkspaceRequestError');
    expect(mapped.message).toBe('CreateWorkspaces: InvalidParameterValuesException: bad bundle');
    expect(mapped.cause).toBe(error);
  });

  it('KnownNameThatIsAlsoThrottling_TheKnownMappingWins', () => {
    const mapped = mapAwsError(serviceError('ThrottlingException'), 'Op', {
      ThrottlingException: WorkspaceRequestError,
    });

    expect(mapped).toBeInstanceOf(WorkspaceRequestError);
  });

  it.each(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded'])(
    'ThrottlingName_%s_BecomesThrottledError',
    (name) => {
      // Prepare
      const error = serviceError(name, 400, 'Rate exceeded');

      // Act
      const mapped = mapAwsError(error, 'SendEmail');

      // Assess
      expect(mapped).toBeInstanceOf(ThrottledError);
      expect(mapped.name).toBe('ThrottledError');
      expect(mapped.message).toBe(`SendEmail: ${name}: Rate exceeded`);
      expect(mapped.cause).toBe(error);
    },
  );

  it.each([500, 502, 503, 504])('ServerError_%i_BecomesTransientError', (status) => {
    const error = serviceError('InternalServerException', status);

    const mapped = mapAwsError(error, 'PutEvents');

    expect(mapped).toBeInstanceOf(TransientError);
    expect(mapped.name).toBe('TransientError');
    expect(mapped.cause).toBe(error);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'])(
    'NetworkCode_%s_BecomesTransientError',
    (code) => {
      expect(mapAwsError(networkError(code), 'Publish')).toBeInstanceOf(TransientError);
    },
  );

  it('NetworkCodeOnTheCause_AsFetchReportsIt_BecomesTransientError', () => {
    // Prepare: fetch throws TypeError('fetch failed') with the socket error as its cause
    const error = new TypeError('fetch failed', { cause: networkError('ECONNREFUSED') });

    // Act
    const mapped = mapAwsError(error, 'CreateUser');

    // Assess
    expect(mapped).toBeInstanceOf(TransientError);
    expect(mapped.message).toBe('CreateUser: TypeError: fetch failed');
  });

  it('SdkTimeoutError_BecomesTransientError', () => {
    const error = Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' });

    expect(mapAwsError(error, 'DescribeWorkspaces')).toBeInstanceOf(TransientError);
  });

  it('SdkWrapperOfAReset_BecomesTransientError', () => {
    // Seen in the property tests under load: the SDK wraps what the socket threw.
    const error = new Error('AWS SDK error wrapper for TimeoutError: read ECONNRESET');

    expect(mapAwsError(error, 'StartExecution')).toBeInstanceOf(TransientError);
  });

  it('PlainErrorMentioningACode_StaysItself', () => {
    const error = new Error('the ECONNRESET handling of this code is broken');

    expect(mapAwsError(error, 'Op')).toBe(error);
  });

  it('PlainTypeError_StaysItself', () => {
    const error = new TypeError('Cannot read properties of undefined');

    expect(mapAwsError(error, 'Op')).toBe(error);
  });

  it('UnknownClientError_StaysItselfWithItsServiceName', () => {
    const error = serviceError('AuthorizationErrorException', 403);

    const mapped = mapAwsError(error, 'Publish');

    expect(mapped).toBe(error);
    expect(mapped.name).toBe('AuthorizationErrorException');
  });

  it('UnknownNetworkCode_StaysItself', () => {
    const error = networkError('EACCES');

    expect(mapAwsError(error, 'Op')).toBe(error);
  });

  it('NonErrorValue_BecomesAnErrorDescribingIt', () => {
    const mapped = mapAwsError('boom', 'Op');

    expect(mapped).toBeInstanceOf(Error);
    expect(mapped.message).toBe('Op: UnknownError: boom');
  });
});

describe('isErrorNamed', () => {
  it.each([
    ['an SDK error of that name', serviceError('ResourceNotFoundException'), true],
    ['an SDK error of another name', serviceError('ThrottlingException'), false],
    ['a plain object of that name', { name: 'ResourceNotFoundException' }, true],
    ['undefined', undefined, false],
    ['a string', 'ResourceNotFoundException', false],
  ])('%s_%p', (_, error, expected) => {
    expect(isErrorNamed(error, 'ConflictException', 'ResourceNotFoundException')).toBe(expected);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplate, render, splitSubject } from '../../../../functions/commons/email';
import {
  EmailDeferredError,
  EmailRejectedError,
  ThrottledError,
  TransientError,
} from '../../../../functions/commons/errors';
import { sesError } from '../../../../functions/commons/ses';
import { serviceError } from '../../support';

describe('render', () => {
  it('Placeholders_AreFilledEverywhereTheyAppear', () => {
    const text = render('Hi {{name}}, code {{ code }}; bye {{name}}.', { name: 'Ada', code: 'SLiad+X' });

    expect(text).toBe('Hi Ada, code SLiad+X; bye Ada.');
  });

  it('MissingValue_IsAnErrorNamingThePlaceholder', () => {
    expect(() => render('Hi {{name}}, code {{code}}', { name: 'Ada' })).toThrow(
      'Template placeholder {{code}} has no value',
    );
  });

  it('Html_EscapesEveryMarkupCharacterOfTheValues', () => {
    const html = render('<p>{{v}}</p>', { v: `<b>Tom & "Jerry"</b> 'x'` }, true);

    expect(html).toBe('<p>&#60;b&#62;Tom &#38; &#34;Jerry&#34;&#60;/b&#62; &#39;x&#39;</p>');
  });

  it('Text_LeavesValuesAsTheyAre', () => {
    expect(render('{{v}}', { v: '<b>&</b>' })).toBe('<b>&</b>');
  });

  it('ValueLookingLikeAPlaceholder_IsNotExpandedAgain', () => {
    expect(render('{{a}}', { a: '{{b}}', b: 'no' })).toBe('{{b}}');
  });
});

describe('splitSubject', () => {
  it('SubjectLine_IsSplitFromTheBody', () => {
    expect(splitSubject('Subject: Welcome, Ada\n\nHello Ada,\nbye\n')).toEqual({
      subject: 'Welcome, Ada',
      body: 'Hello Ada,\nbye\n',
    });
  });

  it('CrlfLineEnds_AreSplitToo', () => {
    expect(splitSubject('Subject: Hi\r\n\r\nBody')).toEqual({ subject: 'Hi', body: 'Body' });
  });

  it('NoSubjectLine_IsAnError', () => {
    expect(() => splitSubject('Hello Ada\n\nbody')).toThrow(
      'Text template must start with a "Subject: ..." line',
    );
  });
});

describe('loadTemplate', () => {
  const saved = process.env.TEMPLATES_DIR;
  afterEach(() => {
    process.env.TEMPLATES_DIR = saved;
  });

  it('NoTemplatesDir_ReadsTheBundledTemplates', () => {
    process.env.TEMPLATES_DIR = '';

    expect(loadTemplate('welcome.txt')).toMatch(/^Subject: .*\{\{givenName\}\}/);
  });

  it('TemplatesDir_ReadsFromThere', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    writeFileSync(join(dir, 'welcome.txt'), 'Subject: custom\n\n{{userName}}');
    process.env.TEMPLATES_DIR = dir;

    try {
      // Act / Assess
      expect(loadTemplate('welcome.txt')).toBe('Subject: custom\n\n{{userName}}');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('MissingTemplate_Throws', () => {
    process.env.TEMPLATES_DIR = '';

    expect(() => loadTemplate('nope.txt')).toThrow(/ENOENT/);
  });
});

describe('sesError', () => {
  it.each(['SendingPausedException', 'LimitExceededException', 'AccountSuspendedException'])(
    'RefusalThatMayClear_%s_BecomesEmailDeferredError',
    (name) => {
      const mapped = sesError(serviceError(name, 400, 'Sending paused'));

      expect(mapped).toBeInstanceOf(EmailDeferredError);
      expect(mapped.name).toBe('EmailDeferredError');
    },
  );

  it.each([
    'MessageRejected',
    'MailFromDomainNotVerifiedException',
    'NotFoundException',
    'BadRequestException',
  ])('Refusal_%s_BecomesEmailRejectedError', (name) => {
    // Prepare
    const error = serviceError(name, 400, 'Email address is not verified');

    // Act
    const mapped = sesError(error);

    // Assess
    expect(mapped).toBeInstanceOf(EmailRejectedError);
    expect(mapped.name).toBe('EmailRejectedError');
    expect(mapped.message).toBe(`SendEmail: ${name}: Email address is not verified`);
    expect(mapped.cause).toBe(error);
  });

  it('TooManyRequests_BecomesThrottledError', () => {
    expect(sesError(serviceError('TooManyRequestsException', 429))).toBeInstanceOf(ThrottledError);
  });

  it('ServerError_BecomesTransientError', () => {
    expect(sesError(serviceError('InternalFailure', 500))).toBeInstanceOf(TransientError);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Env } from './env';

/**
 * Email templates live in `templates/` (copied next to the bundled function on deploy) so an
 * operator can change the wording without touching code. `{{name}}` is replaced by the
 * value; values are HTML-escaped in `.html` templates.
 */
export function loadTemplate(file: string): string {
  const dir = process.env[Env.TemplatesDir] || join(process.cwd(), 'templates');
  return readFileSync(join(dir, file), 'utf8');
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Fills `{{key}}` placeholders; a placeholder with no value is an error, not a blank. */
export function render(template: string, values: Record<string, string>, html = false): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    const value = Object.hasOwn(values, key) ? values[key] : undefined;
    if (value === undefined) throw new Error(`Template placeholder {{${key}}} has no value`);
    return html ? escapeHtml(value) : value;
  });
}

/** The subject is the template's first line, after `Subject:`. */
export function splitSubject(text: string): { subject: string; body: string } {
  const match = /^Subject:[ \t]*(.*)\r?\n\r?\n?/.exec(text);
  if (!match) throw new Error('Text template must start with a "Subject: ..." line');
  return { subject: match[1], body: text.slice(match[0].length) };
}

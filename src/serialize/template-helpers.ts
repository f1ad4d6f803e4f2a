import { inlineCode } from './markdown.js';
import { shellWord } from './shell.js';
import { internalError } from './internal-error.js';
import { registerHelper } from './templates.js';

/*
 * `{{sh value}}` writes one sh word in a command line of a template, `{{code value}}` Markdown inline code: the
 * templates quote through the same writers as the code. Handlebars passes its options object last, so a call
 * without an argument reaches the writer with an object and is refused.
 */
const text = (helper: string, value: unknown): string => {
  if (typeof value !== 'string' && typeof value !== 'number') throw internalError(`{{${helper}}} needs a string`);
  return String(value);
};

registerHelper('sh', (value: string) => shellWord(text('sh', value)));
registerHelper('code', (value: string) => inlineCode(text('code', value)));

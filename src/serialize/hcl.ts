import { internalError } from './internal-error.js';
import { registerHelper } from './templates.js';

/**
 * HCL quoting for the Vault Agent and policy files. Vault and OpenBao read them with HCL v1,
 * while tools (and our tests) read HCL v2, so every value written here stays in the subset
 * that both read alike: plain quoted strings without `${` or `%{` (templates in v2, literal
 * text in v1), no control characters, decimal integers, booleans.
 */
export type HclScalar = string | number | boolean;

// C0, DEL and C1 controls: HCL v1 and v2 disagree on their escapes, and none belongs in a path or URL.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function hclString(value: string): string {
  if (CONTROL.test(value)) throw internalError(`control character in HCL string ${JSON.stringify(value)}`);
  if (value.includes('${') || value.includes('%{')) {
    throw internalError(`HCL string ${JSON.stringify(value)} contains \`\${\` or \`%{\`, which HCL v2 reads as a template`);
  }
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function hclValue(value: HclScalar): string {
  switch (typeof value) {
    case 'string':
      return hclString(value);
    case 'boolean':
      return String(value);
    case 'number':
      // Decimal integers only: a leading 0 would be octal in HCL v1 and decimal in v2.
      if (Number.isSafeInteger(value)) return String(value);
      throw internalError(`HCL number ${value} is not a safe integer`);
    default:
      throw internalError(`HCL value of type ${typeof value}`);
  }
}

/** Text for a `#` comment: one line, so it cannot end the comment early. */
export function hclCommentText(value: string): string {
  if (CONTROL.test(value)) throw internalError(`control character in HCL comment ${JSON.stringify(value)}`);
  return value;
}

// `{{hcl value}}` and `{{hclComment text}}` in templates/*.hcl.hbs. Handlebars passes its options
// object last, so a call without an argument reaches hclValue with an object and is refused.
registerHelper('hcl', (value: HclScalar) => hclValue(value));
registerHelper('hclComment', (value: string) => {
  if (typeof value !== 'string') throw internalError('hclComment needs a string');
  return hclCommentText(value);
});

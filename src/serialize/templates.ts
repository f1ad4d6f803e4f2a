import HandlebarsRuntime from 'handlebars/runtime.js';
import { templateSpecs } from '../generated/templates.js';

export type TemplateName = keyof typeof templateSpecs;

// The runtime ships without its own types; it is the full library's API minus the compiler.
const Handlebars = HandlebarsRuntime as unknown as Pick<typeof import('handlebars'), 'template' | 'registerHelper'>;

type Render = (data: unknown) => string;
const compiled = new Map<TemplateName, Render>();

/**
 * Renders one of templates/*.hbs, precompiled at build time. Templates are compiled with
 * `noEscape` and `strict`: a missing field is an error, and escaping is done explicitly by the
 * helpers each output language registers (see hcl.ts), never by HTML rules.
 */
export function renderTemplate(name: TemplateName, data: unknown): string {
  let render = compiled.get(name);
  if (!render) {
    render = Handlebars.template(templateSpecs[name] as never) as Render;
    compiled.set(name, render);
  }
  return render(data);
}

export function registerHelper(name: string, helper: (...args: never[]) => string): void {
  Handlebars.registerHelper(name, helper as never);
}

import type { Document, Provenance, YamlDocument } from '../model/artifact.js';
import { escapeComposeValues } from '../serialize/compose-escape.js';
import '../serialize/hcl.js';
import '../serialize/template-helpers.js';
import { header } from '../serialize/header.js';
import { markdownDocument } from '../serialize/markdown.js';
import { renderTemplate } from '../serialize/templates.js';
import { assertNoTemplateAction, assertTraefikSafe } from '../serialize/traefik.js';
import { toYaml } from '../serialize/yaml.js';

/**
 * The bytes of one document: the one serializer of its language, the header in that language's
 * comment syntax, and the language's guards. JSON (the manifest) has no comments, so no header.
 */
export function serializeDocument(document: Document, provenance: Provenance): string {
  switch (document.language) {
    case 'yaml':
      return yamlText(document, provenance);
    case 'hcl':
      return `${header(provenance, 'hash')}\n${renderTemplate(document.template, document.view)}`;
    case 'go-template':
      return header(provenance, 'go-template') + document.body;
    case 'shell':
      return afterShebang(renderTemplate(document.template, document.view), header(provenance, 'hash'));
    case 'markdown':
      return markdownDocument(`${header(provenance, 'html')}\n${renderTemplate(document.template, document.view)}`);
    case 'json':
      return document.text;
  }
}

function yamlText(document: YamlDocument, provenance: Provenance): string {
  if (document.dialect === 'traefik') assertTraefikSafe(document.value);
  const value = document.dialect === 'compose' ? escapeComposeValues(document.value) : document.value;
  const modeline = document.modeline === undefined ? '' : `${document.modeline}\n`;
  const text = header(provenance, 'hash') + modeline + toYaml(value, { version: document.version });
  if (document.dialect === 'traefik') assertNoTemplateAction(text);
  return text;
}

/** The header goes after `#!`, which must stay the first line. */
function afterShebang(script: string, head: string): string {
  if (!script.startsWith('#!')) return head + script;
  const end = script.indexOf('\n') + 1;
  return script.slice(0, end) + head + script.slice(end);
}

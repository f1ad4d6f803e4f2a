// The runbook's views read these from here; src/serialize/markdown.ts is their home.
export { inlineCode, markdownText, oneLine, tableText } from '../../serialize/markdown.js';

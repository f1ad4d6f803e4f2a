import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commented, tagged, toYaml } from '../../src/serialize/yaml.js';
import { libraryYaml } from '../support/yaml-oracle.js';

/** Text that YAML treats specially somewhere: indicators, keywords of 1.1 and 1.2, markers, odd characters. */
const tricky = fc.constantFrom(
  '', ' ', 'a', 'yes', 'No', 'on', 'OFF', 'y', '~', 'null', 'true', '0755', '0o17', '0x1f', '12:30', '1_000', '.inf', '-.5', '1e3',
  '- a', '-', '?', ': ', 'a: b', 'a #b', '#', '&a', '*a', '!tag', '|', '>', "'", '"', '`', '%YAML', '---', '...', '--- x', '=', '<<',
  '{a}', '[a]', 'a,b', '@x', 'a\nb', 'a\n', '\na', 'a\n\n', ' a', 'a ', '\t', 'a\u0085b', '\u2028', '\ufeff', '\u007f', 'é', '${X}', '$$',
  'x'.repeat(1100), 'Yes', 'YES', 'n', 'N', 'On', 'True', 'FALSE', 'Null', 'NULL', 'NaN', 'Inf', 'e3', '_', '/', '/opt/x', 'a.b-c_d', 'x//y',
);
const text = fc.oneof(tricky, fc.string(), fc.string({ unit: 'grapheme-composite' }), fc.tuple(tricky, tricky).map(([a, b]) => a + b));
const comment = fc.oneof(fc.constantFrom('one line', 'two\nlines', 'blank\n\nline', ' spaced', ''), fc.string().map((s) => s.replace(/[\r\u0085\u2028\u2029]/g, '')));
const scalar = fc.oneof(text, fc.integer(), fc.double({ noNaN: false }), fc.boolean(), fc.constant(null));

const { value: document } = fc.letrec<{ value: unknown; map: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    tie('map'),
    fc.array(fc.oneof(tie('value'), comment.chain((c) => tie('value').map((v) => commented(c, v)))), { maxLength: 4 }),
    fc.tuple(fc.constantFrom('!Find', '!KeyOf', '!Env'), fc.oneof(text, fc.array(fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.oneof(text, fc.array(text, { maxLength: 2 })), { maxLength: 3 })), { maxLength: 4 }))).map(([t, v]) => tagged(t as `!${string}`, v)),
  ),
  map: fc.dictionary(text, fc.oneof(tie('value'), comment.chain((c) => tie('value').map((v) => commented(c, v))), fc.constant(undefined)), { maxKeys: 5 }),
}));

// The committed example outputs, written by the library before this layout existed, are goldens too
// (test/examples.test.ts): they pin the same equality on real artifacts.
describe('the YAML layout', () => {
  it.each(['1.1', '1.2'] as const)('writes names, paths and keywords as the yaml library does, as keys, values and flow items (YAML %s)', (version) => {
    const word = fc.oneof(fc.stringMatching(/^[A-Za-z_/][A-Za-z0-9_./-]{0,12}$/), fc.stringMatching(/^[eE]-?[0-9]{1,3}[a-z]?$/), fc.constantFrom('y', 'Y', 'yes', 'No', 'ON', 'off', 'true', 'False', 'null', 'NULL', 'yES', 'nULL', 'e3', 'E10', 'e-5', 'e3x'));
    fc.assert(
      fc.property(word, (w) => {
        const value = { [w]: w, list: [w], tagged: tagged('!Find', [w, [w, w]]) };
        expect(toYaml(value, { version })).toBe(libraryYaml(value, version));
      }),
      { numRuns: 2000 },
    );
  });

  it.each(['1.1', '1.2'] as const)('writes the same bytes as the yaml library for random documents (YAML %s)', (version) => {
    fc.assert(
      fc.property(fc.oneof(document.filter((v) => v !== null && typeof v === 'object'), comment.chain((c) => document.map((v) => commented(c, v)))), (value) => {
        expect(toYaml(value, { version })).toBe(libraryYaml(value, version));
      }),
      { numRuns: 1000 },
    );
  });

});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sortKeys } from '../../src/util/canonical-json.js';

/** JSON values whose objects also have index-like keys ("0", "12"), which enumerate before the others. */
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), tie('object'), tie('array')),
  object: fc.dictionary(fc.oneof(fc.string(), fc.nat({ max: 20 }).map(String)), tie('any'), { maxKeys: 6 }),
  array: fc.array(tie('any'), { maxLength: 4 }),
})).any;

describe('canonical JSON', () => {
  it('writes what sorting every object first writes, whether or not the value is sorted already', () => {
    fc.assert(
      fc.property(value, (v) => {
        const slow = JSON.stringify(sortKeys(v));
        expect(canonicalJson(v)).toBe(slow);
        expect(canonicalJson(sortKeys(v))).toBe(slow);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a "__proto__" key as JSON.parse reads it, sorted or not', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"y":2,"x":1},"a":0}') as unknown;
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"x":1,"y":2},"a":0,"b":1}');
    expect(JSON.stringify(sortKeys(parsed))).toBe('{"__proto__":{"x":1,"y":2},"a":0,"b":1}');
    expect(Object.getPrototypeOf(sortKeys(parsed))).toBe(Object.prototype);
  });

  it('leaves nothing out and adds nothing for values that are not plain data', () => {
    const date = new Date(0);
    const withToJson = { b: 1, toJSON: () => 'custom', a: 2 };
    expect(canonicalJson({ when: date })).toBe(JSON.stringify(sortKeys({ when: date })));
    expect(canonicalJson(withToJson)).toBe(JSON.stringify(sortKeys(withToJson)));
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });
});

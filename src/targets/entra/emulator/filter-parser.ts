/**
 * `$filter` text to a syntax tree: comparisons (`eq`, `ne`, `ge`, `le`, `gt`, `lt`), `in (...)`,
 * `startswith(p,'v')` and `endswith(p,'v')`, joined by `and`, `or`, `not` and parentheses.
 * Literals are OData's: `'text'` (a quote doubled inside), `true`, `false`, `null`, numbers.
 * What the emulator then accepts of it is filter-check.ts's business; this file only parses.
 */
import { odataBadRequest } from './graph-error.js';

export type Literal = string | number | boolean | null;

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: 'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt'; property: string; value: Literal }
  | { kind: 'in'; property: string; values: Literal[] }
  | { kind: 'function'; name: 'startswith' | 'endswith'; property: string; value: Literal };

type Token = { type: 'word'; text: string } | { type: 'literal'; value: Literal } | { type: 'punct'; text: '(' | ')' | ',' };

const COMPARISONS = new Set(['eq', 'ne', 'ge', 'le', 'gt', 'lt']);

function tokenize(text: string, syntaxError: (at: number) => Error): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: 'punct', text: c });
      i++;
    } else if (c === "'") {
      let value = '';
      for (i++; ; i++) {
        if (i >= text.length) throw syntaxError(i);
        if (text[i] === "'") {
          if (text[i + 1] !== "'") break;
          i++;
        }
        value += text[i];
      }
      tokens.push({ type: 'literal', value });
      i++;
    } else {
      const word = /^[A-Za-z0-9_.+-]+/.exec(text.slice(i))?.[0];
      if (word === undefined) throw syntaxError(i);
      const lower = word.toLowerCase();
      if (lower === 'true' || lower === 'false') tokens.push({ type: 'literal', value: lower === 'true' });
      else if (lower === 'null') tokens.push({ type: 'literal', value: null });
      else if (/^-?\d+(\.\d+)?$/.test(word)) tokens.push({ type: 'literal', value: Number(word) });
      else tokens.push({ type: 'word', text: word });
      i += word.length;
    }
  }
  return tokens;
}

/** Parses a `$filter` value; a syntax error is OData's 400. */
export function parseFilter(text: string): FilterNode {
  const syntaxError = (at: number): Error => odataBadRequest(`Invalid filter clause: syntax error at position ${at} in '${text}'.`);
  const tokens = tokenize(text, syntaxError);
  let pos = 0;
  const fail = (): never => {
    throw syntaxError(pos);
  };
  const peekWord = (): string | undefined => {
    const t = tokens[pos];
    return t?.type === 'word' ? t.text.toLowerCase() : undefined;
  };
  const expectPunct = (p: '(' | ')' | ','): void => {
    const t = tokens[pos];
    if (t?.type !== 'punct' || t.text !== p) fail();
    pos++;
  };
  const property = (): string => {
    const t = tokens[pos];
    if (t?.type !== 'word' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.text)) return fail();
    pos++;
    return t.text;
  };
  const literal = (): Literal => {
    const t = tokens[pos];
    if (t?.type !== 'literal') return fail();
    pos++;
    return t.value;
  };

  const primary = (): FilterNode => {
    const t = tokens[pos];
    if (t?.type === 'punct' && t.text === '(') {
      pos++;
      const inner = or();
      expectPunct(')');
      return inner;
    }
    const word = peekWord();
    if (word === 'not') {
      pos++;
      return { kind: 'not', operand: primary() };
    }
    if ((word === 'startswith' || word === 'endswith') && tokens[pos + 1]?.type === 'punct') {
      pos++;
      expectPunct('(');
      const prop = property();
      expectPunct(',');
      const value = literal();
      expectPunct(')');
      return { kind: 'function', name: word, property: prop, value };
    }
    const prop = property();
    const op = peekWord();
    if (op === 'in') {
      pos++;
      expectPunct('(');
      const values = [literal()];
      while (tokens[pos]?.type === 'punct' && (tokens[pos] as { text: string }).text === ',') {
        pos++;
        values.push(literal());
      }
      expectPunct(')');
      return { kind: 'in', property: prop, values };
    }
    if (op === undefined || !COMPARISONS.has(op)) return fail();
    pos++;
    return { kind: 'compare', op: op as 'eq', property: prop, value: literal() };
  };
  const and = (): FilterNode => {
    let node = primary();
    while (peekWord() === 'and') {
      pos++;
      node = { kind: 'and', left: node, right: primary() };
    }
    return node;
  };
  const or = (): FilterNode => {
    let node = and();
    while (peekWord() === 'or') {
      pos++;
      node = { kind: 'or', left: node, right: and() };
    }
    return node;
  };
  if (tokens.length === 0) fail();
  const tree = or();
  if (pos !== tokens.length) fail();
  return tree;
}

/**
 * Reads the literal that cdktf renders inside `${jsonencode(...)}`: HCL object and tuple constructors
 * (`{"Effect" = "Deny", "Resource" = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"]}`), strings,
 * numbers, booleans and bare references. A bare reference comes back as `${reference}`, the form it takes
 * inside a string, so callers compare one form only. Throws on anything else.
 */
export function parseHclLiteral(text: string): unknown {
  let at = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at ${at} in ${text.slice(Math.max(0, at - 20), at + 20)}`);
  };
  const skip = (): void => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };

  const string = (): string => {
    let out = '';
    at++; // opening quote
    while (at < text.length && text[at] !== '"') {
      if (text[at] === '\\') {
        out += text[at + 1] === 'n' ? '\n' : text[at + 1];
        at += 2;
      } else if (text.startsWith('${', at)) {
        const end = matching(at + 1);
        out += text.slice(at, end + 1);
        at = end + 1;
      } else {
        out += text[at++];
      }
    }
    if (text[at] !== '"') fail('unterminated string');
    at++;
    return out;
  };

  /** Index of the bracket closing the one at `open`, skipping nested brackets and strings. */
  const matching = (open: number): number => {
    const pairs: Record<string, string> = { '{': '}', '[': ']', '(': ')' };
    const stack = [pairs[text[open]]];
    let i = open + 1;
    while (i < text.length && stack.length > 0) {
      const c = text[i];
      if (c === '"') {
        i++;
        while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      } else if (pairs[c]) {
        stack.push(pairs[c]);
      } else if (c === stack[stack.length - 1]) {
        stack.pop();
      }
      i++;
    }
    if (stack.length > 0) fail('unbalanced brackets');
    return i - 1;
  };

  const bare = (): unknown => {
    const start = at;
    while (at < text.length && !/[,\]}\s]/.test(text[at])) {
      if ('([{'.includes(text[at])) at = matching(at);
      at++;
    }
    const word = text.slice(start, at);
    if (word === '') fail('expected a value');
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    if (/^-?\d+(\.\d+)?$/.test(word)) return Number(word);
    return `\${${word}}`;
  };

  const identifier = (): string => {
    const start = at;
    while (at < text.length && /[\w-]/.test(text[at])) at++;
    if (at === start) fail('expected a key');
    return text.slice(start, at);
  };

  const value = (): unknown => {
    skip();
    const c = text[at];
    if (c === '"') return string();
    if (c === '{') {
      at++;
      const object: Record<string, unknown> = {};
      for (skip(); text[at] !== '}'; skip()) {
        const key = text[at] === '"' ? string() : identifier();
        skip();
        if (text[at] !== '=' && text[at] !== ':') fail('expected = or :');
        at++;
        object[key] = value();
        skip();
        if (text[at] === ',') at++;
      }
      at++;
      return object;
    }
    if (c === '[') {
      at++;
      const items: unknown[] = [];
      for (skip(); text[at] !== ']'; skip()) {
        items.push(value());
        skip();
        if (text[at] === ',') at++;
      }
      at++;
      return items;
    }
    return bare();
  };

  const result = value();
  skip();
  if (at !== text.length) fail('trailing text');
  return result;
}

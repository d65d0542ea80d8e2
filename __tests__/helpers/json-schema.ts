/**
 * A JSON Schema (draft-07) check of the keywords the stored add-on schemas use: type, enum, properties, required,
 * additionalProperties and items. Any other validation keyword throws, so a schema refreshed from AWS that uses more
 * (pattern, oneOf, $ref...) fails loudly instead of passing unchecked; then add the keyword or a validator dependency.
 */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly [annotation: string]: unknown;
}

const CHECKED = new Set(['type', 'enum', 'properties', 'required', 'additionalProperties', 'items']);
const ANNOTATIONS = new Set(['$schema', '$comment', '$id', 'title', 'description', 'default', 'examples']);

function typeOf(value: unknown): string[] {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
  return [typeof value];
}

/** Every violation of `schema` by `value`, as `<path>: <what>`; empty when it validates. */
export function validateJson(schema: JsonSchema, value: unknown, path = '$'): string[] {
  for (const keyword of Object.keys(schema)) {
    if (!CHECKED.has(keyword) && !ANNOTATIONS.has(keyword) && !keyword.startsWith('x-'))
      throw new Error(`${path}: keyword ${keyword} is not supported by this check`);
  }
  const errors: string[] = [];
  if (schema.type !== undefined) {
    const allowed = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!typeOf(value).some((type) => allowed.includes(type)))
      return [`${path}: is ${typeOf(value)[0]}, expected ${allowed.join(' or ')}`];
  }
  if (schema.enum !== undefined && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    errors.push(
      `${path}: ${JSON.stringify(value)} is not one of ${schema.enum
        .map((option) => JSON.stringify(option))
        .join(', ')}`,
    );
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) errors.push(`${path}: lacks required ${key}`);
    for (const [key, child] of Object.entries(object)) {
      const childSchema = schema.properties?.[key];
      if (childSchema) errors.push(...validateJson(childSchema, child, `${path}.${key}`));
      else if (schema.additionalProperties === false)
        errors.push(`${path}: ${key} is not allowed; allowed: ${Object.keys(schema.properties ?? {}).join(', ')}`);
      else if (typeof schema.additionalProperties === 'object')
        errors.push(...validateJson(schema.additionalProperties, child, `${path}.${key}`));
    }
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((item, index) => errors.push(...validateJson(schema.items!, item, `${path}[${index}]`)));
  return errors;
}

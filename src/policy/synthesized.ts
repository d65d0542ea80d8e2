/** A stack's synthesized Terraform JSON, as far as policy rules read it. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
}

export interface SynthesizedResource {
  /** Terraform address, `aws_s3_bucket.assets_bucket`. */
  readonly address: string;
  readonly type: string;
  readonly config: Record<string, unknown>;
}

export function resourcesOfType(stack: SynthesizedStack, type: string): SynthesizedResource[] {
  return Object.entries(stack.resource?.[type] ?? {}).map(([name, config]) => ({
    address: `${type}.${name}`,
    type,
    config,
  }));
}

export function allResources(stack: SynthesizedStack): SynthesizedResource[] {
  return Object.keys(stack.resource ?? {}).flatMap((type) => resourcesOfType(stack, type));
}

/** Whether `value` is an interpolation of an attribute of `address` (`${aws_s3_bucket.x.id}`). */
export function references(value: unknown, address: string): boolean {
  return typeof value === 'string' && value.includes(`\${${address}.`);
}

/** The resources of `type` whose `attribute` points at `target`. */
export function attachedTo(
  stack: SynthesizedStack,
  type: string,
  attribute: string,
  target: SynthesizedResource,
): SynthesizedResource[] {
  return resourcesOfType(stack, type).filter((candidate) => references(candidate.config[attribute], target.address));
}

/** The first element of a block that Terraform JSON may hold as an object or a one-element list. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === 'object' ? (first as Record<string, unknown>) : undefined;
}

import { z } from 'zod';
import { ConfigSchema } from '../registry/schema';

/** JSON Schema of the config file as users write it (defaults optional), for editor autocompletion. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Multi-region deployment config',
  };
}

import { z } from 'zod';
import { AWS_REGIONS } from './regions';

/** A value as it appears in an error message: JSON, so strings keep their quotes. */
export const shown = (value: unknown): string => JSON.stringify(value) ?? String(value);

export const Region = z.enum(AWS_REGIONS, {
  error: (issue) => `${shown(issue.input)} is not an AWS region; allowed: ${AWS_REGIONS.join(', ')}`,
});

// AWS tag limits (Tagging AWS resources, "Tag naming limits and requirements").
export const Tags = z.record(
  z.string().regex(/^[\w .:/=+\-@]{1,128}$/, {
    error: (i) => `tag key ${shown(i.input)} must be 1-128 letters, digits, spaces or _.:/=+-@`,
  }),
  z.string().regex(/^[\w .:/=+\-@]{0,256}$/, {
    error: (i) => `tag value ${shown(i.input)} must be 0-256 letters, digits, spaces or _.:/=+-@`,
  }),
);

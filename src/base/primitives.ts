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

// CloudWatch Logs retention values (PutRetentionPolicy) from one year up: the baseline requires >= 365.
const LOG_RETENTION_DAYS = [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Days a log group keeps its events: a CloudWatch Logs retention value of a year or more. */
export const LogRetentionDays = z.number().refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
  error: (i) =>
    `${shown(i.input)} is not a CloudWatch Logs retention of a year or more; allowed: ${LOG_RETENTION_DAYS.join(', ')}`,
});

import { z } from 'zod';

/** A calendar day as `YYYY-MM-DD`; digests are dated by day, not instant. */
export const IsoDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD day')
  .refine((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
  }, 'expected a day that exists (no Feb 30)');
export type IsoDay = z.infer<typeof IsoDaySchema>;

/** One paper as it appears in one digest section, in trending order. */
export const DigestPaperSchema = z.object({
  title: z.string().min(1),
  abstract: z.string(),
  rank: z.number().int().positive(),
  /** 1-based line of the title in the file, for error messages. */
  line: z.number().int().positive(),
});
export type DigestPaper = z.infer<typeof DigestPaperSchema>;

/** The papers under one date line. */
export const DigestSectionSchema = z.object({
  date: IsoDaySchema,
  line: z.number().int().positive(),
  papers: z.array(DigestPaperSchema),
});
export type DigestSection = z.infer<typeof DigestSectionSchema>;

/** A problem found in a digest file; `error` means something was not loaded. */
export const DigestProblemSchema = z.object({
  level: z.enum(['error', 'warning']),
  file: z.string(),
  line: z.number().int().positive().optional(),
  message: z.string(),
  /** Set on the summary line of a capped list: how many problems it stands for. */
  count: z.number().int().positive().optional(),
});
export type DigestProblem = z.infer<typeof DigestProblemSchema>;

/** The result of parsing one digest file: every good section, plus every problem. */
export const ParsedDigestSchema = z.object({
  file: z.string(),
  sections: z.array(DigestSectionSchema),
  problems: z.array(DigestProblemSchema),
});
export type ParsedDigest = z.infer<typeof ParsedDigestSchema>;

/** How many problems a list stands for, summary lines included. */
export function countProblems(problems: readonly DigestProblem[], level: DigestProblem['level']): number {
  return problems.reduce((n, p) => (p.level === level ? n + (p.count ?? 1) : n), 0);
}

/** Human-readable `file:line: message`, the form every problem is shown in. */
export function formatProblem(problem: DigestProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.level}: ${problem.message}`;
}

// Config pieces several rule kinds share, so their 400 messages read the same.
import { z } from "zod";
import { formatDuration } from "@/lib/alerts/durations";

/** A threshold: a number, never negative. */
export const Threshold = (what: string) =>
  z.number(`${what} must be a number`).refine(Number.isFinite, `${what} must be a finite number`).refine((v) => v >= 0, `${what} cannot be negative.`);

/** A percentage of requests, 0 to 100. */
export const Percent = (what: string) => Threshold(what).refine((v) => v <= 100, `${what} is a percentage: at most 100.`);

/** Below this many requests in the window a rate is not judged: 2 requests never page anyone. */
export const MinRequests = z
  .int("minRequests must be a whole number")
  .min(0, "minRequests cannot be negative.")
  .max(1_000_000_000, "minRequests is too large.")
  .default(20);

export const tooFewRequests = (requests: number, minRequests: number, windowSeconds: number): string =>
  `${requests} requests in ${formatDuration(windowSeconds)}, fewer than the ${minRequests} this rule needs to judge a rate`;

export const noRequests = (windowSeconds: number): string => `no requests in the last ${formatDuration(windowSeconds)}`;

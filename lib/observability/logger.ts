// Structured one-line logs on stderr. LOG_LEVEL (debug|info|warn|error) is read once, at load.
import { logLevelConfig, type LogLevel as Level } from "@/lib/config/env";

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = ORDER[logLevelConfig()];

function serialise(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack, cause: serialise(value.cause) };
  return value;
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}) {
  if (ORDER[level] < threshold) return;
  const entry: Record<string, unknown> = { t: new Date().toISOString(), level, msg };
  for (const [k, v] of Object.entries(fields)) entry[k] = serialise(v);
  process.stderr.write(`${JSON.stringify(entry)}\n`);
}

export const logger = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};

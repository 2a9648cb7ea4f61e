// Mapping the extension's settings (veloLsp.*) to what the server reads from
// initializationOptions and workspace/didChangeConfiguration. Pure logic, no
// 'vscode' import: tested in test/settings.test.ts.

/** A rule's level, as the server spells it. */
export type Level = 'off' | 'info' | 'warning' | 'error';
export const LEVELS: readonly Level[] = ['off', 'info', 'warning', 'error'];

/** The server's log level (--log-level). */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

/** The veloLsp.* settings as VS Code hands them over (untrusted shapes). */
export interface RawSettings {
  path?: unknown;
  rules?: unknown;
  packageRoots?: unknown;
  logLevel?: unknown;
}

/** The object the server reads under the "veloLsp" key. */
export interface ServerSettings {
  rules: Record<string, Level>;
  /** Omitted when empty: the server then uses its defaults. */
  packageRoots?: string[];
  logLevel: LogLevel;
}

export interface Mapped {
  settings: ServerSettings;
  /** One line per ignored value, for the output channel. */
  problems: string[];
}

const LEVEL_ALIASES: Record<string, Level> = {
  off: 'off',
  none: 'off',
  info: 'info',
  information: 'info',
  hint: 'info',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
};

const LOG_ALIASES: Record<string, LogLevel> = {
  error: 'error',
  warn: 'warn',
  warning: 'warn',
  info: 'info',
  debug: 'debug',
  trace: 'debug',
};

/** Normalizes a rule key: ids are upper case ("velo001" → "VELO001"), names are kept. */
export function normalizeRuleKey(key: string): string {
  const k = key.trim();
  return /^velo\d+$/i.test(k) ? k.toUpperCase() : k;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Maps raw settings to the server's shape, dropping (and reporting) bad values. */
export function toServerSettings(raw: RawSettings): Mapped {
  const problems: string[] = [];

  const rules: Record<string, Level> = {};
  if (raw.rules !== undefined && raw.rules !== null) {
    if (!isPlainObject(raw.rules)) {
      problems.push('veloLsp.rules must be an object of rule → level; ignored');
    } else {
      for (const key of Object.keys(raw.rules).sort()) {
        const value = raw.rules[key];
        const name = normalizeRuleKey(key);
        const level = typeof value === 'string' ? LEVEL_ALIASES[value.trim().toLowerCase()] : undefined;
        if (name === '') {
          problems.push('veloLsp.rules has an empty rule name; ignored');
        } else if (level === undefined) {
          problems.push(`veloLsp.rules.${key}: ${JSON.stringify(value)} is not one of ${LEVELS.join(', ')}; ignored`);
        } else {
          rules[name] = level;
        }
      }
    }
  }

  let packageRoots: string[] | undefined;
  if (raw.packageRoots !== undefined && raw.packageRoots !== null) {
    if (!Array.isArray(raw.packageRoots)) {
      problems.push('veloLsp.packageRoots must be an array of globs; ignored');
    } else {
      const seen = new Set<string>();
      for (const item of raw.packageRoots) {
        if (typeof item !== 'string' || item.trim() === '') {
          problems.push(`veloLsp.packageRoots: ${JSON.stringify(item)} is not a glob; ignored`);
          continue;
        }
        // Slash globs relative to the root: backslashes become slashes, a leading ./ goes.
        const glob = item.trim().replace(/\\/g, '/').replace(/^(\.\/)+/, '');
        if (!seen.has(glob)) {
          seen.add(glob);
          (packageRoots ??= []).push(glob);
        }
      }
    }
  }

  const logLevel = toLogLevel(raw.logLevel, problems);
  const settings: ServerSettings = { rules, logLevel };
  if (packageRoots !== undefined) settings.packageRoots = packageRoots;
  return { settings, problems };
}

function toLogLevel(v: unknown, problems: string[]): LogLevel {
  if (v === undefined || v === null || v === '') return DEFAULT_LOG_LEVEL;
  const level = typeof v === 'string' ? LOG_ALIASES[v.trim().toLowerCase()] : undefined;
  if (level === undefined) {
    problems.push(`veloLsp.logLevel: ${JSON.stringify(v)} is not one of ${LOG_LEVELS.join(', ')}; using ${DEFAULT_LOG_LEVEL}`);
    return DEFAULT_LOG_LEVEL;
  }
  return level;
}

/** initializationOptions and didChangeConfiguration's settings: {veloLsp: {...}}. */
export function serverPayload(raw: RawSettings): { veloLsp: ServerSettings } {
  return { veloLsp: toServerSettings(raw).settings };
}

/** Arguments after the command; the language client appends --stdio itself. */
export function serverArgs(raw: RawSettings): string[] {
  const problems: string[] = [];
  return ['serve', '--log-level', toLogLevel(raw.logLevel, problems)];
}

/**
 * Whether a settings change needs a new server process (a different binary or
 * command line) rather than a didChangeConfiguration notification.
 */
export function needsRestart(before: RawSettings, after: RawSettings): boolean {
  const p = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  if (p(before.path) !== p(after.path)) return true;
  return serverArgs(before).join('\0') !== serverArgs(after).join('\0');
}

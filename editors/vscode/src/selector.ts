// Which documents the server is started for. Pure logic, no 'vscode' import:
// the filters are plain objects that VS Code accepts as DocumentFilters.

export interface Filter {
  scheme: string;
  language?: string;
  pattern?: string;
}

/** Names that look like an events file but are never loaded by Wix; the server reports them. */
export const LOOK_ALIKES: readonly string[] = ['events.web.js', 'events.jsw', 'Events.js', 'event.js', 'events.js'];

/** Globs for the workspaceContains activation and the "is this a Velo site" check. */
export const EVENTS_FILE_GLOB = '**/backend/events.{js,ts}';

/** The language client's document selector. */
export function documentSelector(): Filter[] {
  const filters: Filter[] = [];
  for (const language of ['javascript', 'typescript']) {
    filters.push({ scheme: 'file', language, pattern: '**/backend/**' });
  }
  // Old-style web modules have no language in VS Code.
  filters.push({ scheme: 'file', pattern: '**/backend/**/*.jsw' });
  for (const name of LOOK_ALIKES) {
    filters.push({ scheme: 'file', pattern: `**/${name}` });
  }
  return filters;
}

const BACKEND_EXT = /\.(js|ts|jsw|mjs|cjs)$/;

/**
 * Whether opening this file should start the server in a workspace that has no
 * backend events file: a JS/TS file under a backend folder, or a look-alike.
 */
export function isVeloDocument(fsPath: string): boolean {
  const parts = fsPath.split(/[\\/]+/).filter((s) => s.length > 0);
  const base = parts[parts.length - 1] ?? '';
  if (LOOK_ALIKES.includes(base)) return true;
  return parts.slice(0, -1).includes('backend') && BACKEND_EXT.test(base);
}

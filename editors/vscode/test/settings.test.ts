import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { needsRestart, serverArgs, serverPayload, toServerSettings } from '../src/settings';

describe('toServerSettings', () => {
  it('defaults to no rule overrides, no package roots (the server decides) and info logs', () => {
    assert.deepEqual(toServerSettings({}), { settings: { rules: {}, logLevel: 'info' }, problems: [] });
  });

  it('passes rule levels keyed by id or name, normalizing ids and level aliases', () => {
    const { settings, problems } = toServerSettings({
      rules: { velo001: 'Error', 'unknown-handler': 'warn', VELO007: 'off', VELO003: 'information' },
    });
    assert.deepEqual(settings.rules, { VELO001: 'error', 'unknown-handler': 'warning', VELO007: 'off', VELO003: 'info' });
    assert.deepEqual(problems, []);
  });

  it('drops bad rule levels and says which', () => {
    const { settings, problems } = toServerSettings({ rules: { VELO001: 'loud', VELO002: 3, VELO004: 'error' } });
    assert.deepEqual(settings.rules, { VELO004: 'error' });
    assert.equal(problems.length, 2);
    assert.match(problems[0], /VELO001/);
    assert.match(problems[1], /VELO002/);
  });

  it('rejects rules that are not an object', () => {
    const { settings, problems } = toServerSettings({ rules: ['VELO001'] });
    assert.deepEqual(settings.rules, {});
    assert.equal(problems.length, 1);
  });

  it('cleans package roots: slashes, no leading ./, no blanks or duplicates', () => {
    const { settings, problems } = toServerSettings({
      packageRoots: ['./.wix/packages/*', '.wix\\packages\\*', '  ', 'node_modules/@velo/*', 7],
    });
    assert.deepEqual(settings.packageRoots, ['.wix/packages/*', 'node_modules/@velo/*']);
    assert.equal(problems.length, 2);
  });

  it('omits package roots when the list is empty so the server keeps its defaults', () => {
    assert.equal('packageRoots' in toServerSettings({ packageRoots: [] }).settings, false);
  });

  it('maps log levels and falls back to info on nonsense', () => {
    assert.equal(toServerSettings({ logLevel: 'DEBUG' }).settings.logLevel, 'debug');
    assert.equal(toServerSettings({ logLevel: 'warning' }).settings.logLevel, 'warn');
    const bad = toServerSettings({ logLevel: 'chatty' });
    assert.equal(bad.settings.logLevel, 'info');
    assert.equal(bad.problems.length, 1);
  });
});

describe('serverPayload and serverArgs', () => {
  it('wraps the settings in a veloLsp object', () => {
    assert.deepEqual(serverPayload({ rules: { VELO001: 'off' }, packageRoots: ['pk/*'], path: '/x' }), {
      veloLsp: { rules: { VELO001: 'off' }, packageRoots: ['pk/*'], logLevel: 'info' },
    });
  });
  it('starts `serve` with the log level (the client adds --stdio)', () => {
    assert.deepEqual(serverArgs({ logLevel: 'debug' }), ['serve', '--log-level', 'debug']);
    assert.deepEqual(serverArgs({}), ['serve', '--log-level', 'info']);
  });
});

describe('needsRestart', () => {
  it('restarts for a new binary path or log level, not for rule changes', () => {
    assert.equal(needsRestart({ path: '' }, { path: '/x/velo-lsp' }), true);
    assert.equal(needsRestart({ logLevel: 'info' }, { logLevel: 'debug' }), true);
    assert.equal(needsRestart({ logLevel: 'info' }, {}), false);
    assert.equal(needsRestart({ rules: {} }, { rules: { VELO001: 'off' }, packageRoots: ['a'] }), false);
    assert.equal(needsRestart({ path: ' /x ' }, { path: '/x' }), false);
  });
});

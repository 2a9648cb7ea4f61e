// The manifest (package.json) and the code must agree: settings the code reads
// are declared, levels match, activation covers the events files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { documentSelector, EVENTS_FILE_GLOB, isVeloDocument, LOOK_ALIKES } from '../src/selector';
import { LEVELS, LOG_LEVELS } from '../src/settings';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
const props = manifest.contributes.configuration.properties;

describe('package.json', () => {
  it('declares exactly the settings the extension reads', () => {
    assert.deepEqual(Object.keys(props).sort(), [
      'veloLsp.logLevel',
      'veloLsp.packageRoots',
      'veloLsp.path',
      'veloLsp.rules',
      'veloLsp.trace.server',
    ]);
  });
  it('offers the same rule and log levels as the settings mapping', () => {
    assert.deepEqual(props['veloLsp.rules'].additionalProperties.enum, [...LEVELS]);
    assert.deepEqual(props['veloLsp.logLevel'].enum, [...LOG_LEVELS]);
  });
  it('activates on backend events files and on JS/TS', () => {
    const ev: string[] = manifest.activationEvents;
    assert.ok(ev.includes('workspaceContains:**/backend/events.js'));
    assert.ok(ev.includes('workspaceContains:**/backend/events.ts'));
    assert.ok(ev.includes('onLanguage:javascript') && ev.includes('onLanguage:typescript'));
    assert.equal(EVENTS_FILE_GLOB, '**/backend/events.{js,ts}');
  });
  it('contributes the restart and show-output commands', () => {
    const cmds = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(cmds, ['veloLsp.restartServer', 'veloLsp.showOutput']);
  });
  it('bundles to the file it names as main', () => {
    assert.equal(manifest.main, './dist/extension.js');
  });
});

describe('documentSelector', () => {
  it('covers JS and TS under backend folders and every look-alike, files only', () => {
    const sel = documentSelector();
    assert.ok(sel.every((f) => f.scheme === 'file'));
    assert.ok(sel.some((f) => f.language === 'javascript' && f.pattern === '**/backend/**'));
    assert.ok(sel.some((f) => f.language === 'typescript' && f.pattern === '**/backend/**'));
    for (const name of LOOK_ALIKES) {
      assert.ok(sel.some((f) => f.pattern === `**/${name}` && f.language === undefined), name);
    }
  });
});

describe('isVeloDocument', () => {
  const cases: [string, boolean][] = [
    ['/site/src/backend/events.js', true],
    ['/site/backend/events.ts', true],
    ['/site/src/backend/util/helpers.js', true],
    ['/site/src/backend/data.jsw', true],
    ['C:\\site\\src\\backend\\events.js', true],
    ['/site/src/public/events.web.js', true],
    ['/site/src/pages/Events.js', true],
    ['/site/src/event.js', true],
    ['/site/events.jsw', true],
    ['/site/src/pages/Home.c1dmp.js', false],
    ['/site/src/backend/README.md', false],
    ['/site/backend', false],
    ['/site/mybackend/events2.js', false],
  ];
  for (const [p, want] of cases) {
    it(`${p} → ${want}`, () => assert.equal(isVeloDocument(p), want));
  }
});

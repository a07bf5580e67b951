import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { stateMachineNames } from '../../functions';
import { allStates, loadDefinition } from '../../sandbox/state-machines';
import { launchBrowser } from '../helpers/browser';

// The README's Mermaid diagrams, rendered by mermaid itself (its browser bundle, from
// node_modules) in headless Chromium: a diagram that would not render on the code host fails
// here, and a box named after a state that no longer exists fails too.
const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const diagrams = [...readme.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
/** The file a diagram draws, from its first line: `%% statemachines/joiner.asl.json: ...`. */
const sourceOf = (diagram: string) => /^%% (\S+?):?\s/.exec(diagram)?.[1] ?? '';

declare const mermaid: {
  initialize(config: Record<string, unknown>): void;
  render(id: string, text: string): Promise<{ svg: string }>;
  mermaidAPI: { getDiagramFromText(text: string): Promise<{ db: { getVertices(): Map<string, unknown> } }> };
};

describe('README diagrams', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: join(root, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js') });
    await page.evaluate(() => mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('Drawn: the joiner, the provisioner, the leaver, the rehire and the mover flow, and the fleet review', () => {
    expect(diagrams.map(sourceOf)).toEqual([
      'statemachines/joiner.asl.json',
      'functions/provisioner.ts',
      'statemachines/leaver.asl.json',
      'statemachines/rehire.asl.json',
      'statemachines/mover.asl.json',
      'statemachines/review.asl.json',
    ]);
  });

  test.each(diagrams.map((d) => [sourceOf(d), d]))('Renders: %s', async (_source, diagram) => {
    const rendered = await page.evaluate(async (text) => {
      try {
        const { svg } = await mermaid.render(`diagram${Math.floor(Math.random() * 1e9)}`, text);
        return { svg };
      } catch (error) {
        return { error: String((error as Error).message ?? error) };
      }
    }, diagram);
    expect(rendered.error).toBeUndefined();
    expect(rendered.svg).toMatch(/^<svg /);
  });

  const machines = diagrams.filter((d) => sourceOf(d).startsWith('statemachines/'));
  test.each(machines.map((d) => [sourceOf(d), d]))(
    'StateNames: each capitalised box of %s is one of its states',
    async (source, diagram) => {
      const name = stateMachineNames.find((n) => source === `statemachines/${n}.asl.json`);
      if (!name) throw new Error(`${source} is not a state machine of this project`);
      const states = new Set(allStates(loadDefinition(name)).map(([state]) => state));
      const ids = await page.evaluate(
        async (text) => [...(await mermaid.mermaidAPI.getDiagramFromText(text)).db.getVertices().keys()],
        diagram,
      );
      // Lower-case ids are the events and outcomes around the flow; every other box is a state.
      const boxes = ids.filter((id) => /^[A-Z]/.test(id));
      expect(boxes.length).toBeGreaterThan(5);
      expect(boxes.filter((id) => !states.has(id))).toEqual([]);
    },
  );
});

/**
 * The settings form of the page (DOM): reading it into {@link DemoSettings} and filling it.
 *
 * @module
 */
import { settingsFromQuery, type DemoSettings } from './settings.js';

const FIELDS: readonly [keyof DemoSettings, string][] = [
  ['latent', 'latent'],
  ['hidden', 'hidden'],
  ['trainSize', 'train'],
  ['testSize', 'test'],
  ['batch', 'batch'],
  ['epochs', 'epochs'],
  ['lr', 'lr'],
  ['seed', 'seed'],
];

function input(name: string): HTMLInputElement | HTMLSelectElement {
  const e = document.getElementById(`set-${name}`);
  if (e === null) throw new Error(`page: settings field #set-${name} is missing from index.html`);
  return e as HTMLInputElement | HTMLSelectElement;
}

/**
 * The settings the form holds (validated like URL parameters; the error names the field).
 *
 * @category Web
 */
export function readForm(): DemoSettings {
  const q = new URLSearchParams();
  for (const [, name] of FIELDS) q.set(name, input(name).value.trim());
  return settingsFromQuery(q);
}

/**
 * Fills the form; with `lockArchitecture` the latent and hidden fields are disabled (a loaded
 * model fixes them).
 *
 * @category Web
 */
export function writeForm(s: DemoSettings, lockArchitecture: boolean): void {
  for (const [key, name] of FIELDS) {
    const e = input(name);
    const v = String(s[key]);
    if (e instanceof HTMLSelectElement && !Array.from(e.options).some((o) => o.value === v)) e.add(new Option(v, v));
    e.value = v;
  }
  input('latent').disabled = lockArchitecture;
  input('hidden').disabled = lockArchitecture;
}

// The review app's only way to build HTML. `html` is a tagged template: its literal parts are
// trusted markup written here; every interpolated value goes through `escapeHtml` unless it is
// itself SafeHtml built by `html`. Ad text, titles, names and URLs are hostile, so nothing else
// may produce SafeHtml.
import { escapeHtml } from '../../core/html.ts';

export class SafeHtml {
  readonly #value: string;
  constructor(value: string, token: symbol) {
    if (token !== CONSTRUCT) throw new Error('SafeHtml is built only by html``');
    this.#value = value;
  }
  toString(): string {
    return this.#value;
  }
}

const CONSTRUCT = Symbol('SafeHtml');

export type Interpolation =
  | SafeHtml
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === false || value === null || value === undefined) return '';
  return escapeHtml(value);
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out, CONSTRUCT);
}

/** Joins already-safe fragments. */
export function join(parts: readonly SafeHtml[], separator = ''): SafeHtml {
  return new SafeHtml(parts.map(String).join(escapeHtml(separator)), CONSTRUCT);
}

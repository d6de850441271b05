// Reading synthesized manifests back: every *.yaml / *.yml file of a folder, multi-document, as plain objects.
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { inputError } from '../validation/input-error';

export type Json = { [key: string]: unknown };

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at a dotted path, or undefined. */
export function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((current, key) => (isObject(current) ? current[key]
    : Array.isArray(current) && /^\d+$/.test(key) ? (current as unknown[])[Number(key)] : undefined), value);
}

export const text = (value: unknown): string => (value === undefined ? '' : typeof value === 'string' ? value : canonical(value));
export const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** JSON with sorted keys, so that two objects written in another key order compare equal. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

export const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** The changed paths between two values, cut at `depth` segments (`spec.template.spec`). */
export function changedPaths(before: unknown, after: unknown, prefix: string, depth: number): string[] {
  if (same(before, after)) return [];
  const both = (isObject(before) && isObject(after)) || (Array.isArray(before) && Array.isArray(after));
  if (depth === 0 || !both) return [prefix];
  const keys = [...new Set([...Object.keys(before as Json), ...Object.keys(after as Json)])].sort();
  // Keys are read directly, not as paths: label keys such as app.kubernetes.io/version hold dots.
  const child = (value: unknown, key: string): unknown => (value as Record<string, unknown>)[key];
  return keys.flatMap((key) => changedPaths(child(before, key), child(after, key), prefix ? `${prefix}.${key}` : key, depth - 1));
}

/** Every document of every *.yaml / *.yml file in the folder (not recursive), in file-name order. */
export function readManifestFolder(dir: string): Json[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw inputError(`'${dir}' is not a folder (got ${existsSync(dir) ? 'a file' : 'nothing'}).`);
  const files = readdirSync(dir).filter((file) => /\.ya?ml$/.test(file)).sort();
  return files.flatMap((file) => {
    const path = join(dir, file);
    return parseAllDocuments(readFileSync(path, 'utf8')).flatMap((doc, index): Json[] => {
      if (doc.errors.length > 0) throw inputError(`${path}: not valid YAML (${doc.errors[0].message.split('\n')[0]}).`);
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) return [];
      if (!isObject(value) || typeof value.kind !== 'string' || typeof at(value, 'metadata.name') !== 'string') {
        throw inputError(`${path}: document ${index + 1} is not a Kubernetes object (it needs kind and metadata.name).`);
      }
      return [value];
    });
  });
}

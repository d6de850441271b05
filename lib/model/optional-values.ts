/** Reading optional props the same way in every resolver. */
import { Validator } from '../validation/validator';

/** Set to anything, even a falsy value, which is then checked rather than read as "off". */
export function isSet<T>(value: T | undefined | null): value is T {
  return value !== undefined && value !== null;
}

/** An optional list prop: an array, or undefined. */
export function list<T>(validator: Validator, prop: string, value: T[] | undefined): T[] | undefined {
  if (value !== undefined && !Array.isArray(value)) validator.fail(prop, 'must be a list', value, `Pass [...] or leave ${prop} unset.`);
  return value;
}

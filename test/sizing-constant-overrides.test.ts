// `SizingConstantOverrides` is written by hand (jsii needs a literal interface), so it is tied here to the table it repeats,
// lib/sizing/constant-table.ts: the same overridable constants, the same numbers in `@default`, the same units, and a
// runtime mapping from property to constant that accepts exactly the interface's properties. Read with the TypeScript
// compiler, so the unit project needs no jsii build.
import { readFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';
import { FIXED_CONSTANT_NAMES, overrideProp, SIZING_CONSTANTS } from '../lib/sizing/constant-table';
import { CONSTANT_OF_PROP, resolveConstants } from '../lib/sizing/resolve-constants';

const SOURCE = join(__dirname, '..', 'lib', 'sizing', 'sizing-constants.ts');

interface DocumentedProp {
  readonly name: string;
  readonly optional: boolean;
  readonly type: string;
  readonly summary: string;
  readonly defaultText: string;
}

/** The properties of `SizingConstantOverrides` as the compiler reads them, each with its doc summary and `@default` text. */
function documentedProps(): DocumentedProp[] {
  const file = ts.createSourceFile(SOURCE, readFileSync(SOURCE, 'utf8'), ts.ScriptTarget.Latest, true);
  const declaration = file.statements.find((statement): statement is ts.InterfaceDeclaration =>
    ts.isInterfaceDeclaration(statement) && statement.name.text === 'SizingConstantOverrides');
  if (!declaration) throw new Error(`no interface SizingConstantOverrides in ${SOURCE}`);
  return declaration.members.map((member) => {
    if (!ts.isPropertySignature(member) || !ts.isIdentifier(member.name)) throw new Error(`unexpected member: ${member.getText(file)}`);
    const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
    const defaultTag = ts.getJSDocTags(member).find((tag) => tag.tagName.text === 'default');
    return {
      name: member.name.text,
      optional: member.questionToken !== undefined,
      type: member.type?.getText(file) ?? '',
      summary: ts.getTextOfJSDocComment(docs[0]?.comment) ?? '',
      defaultText: ts.getTextOfJSDocComment(defaultTag?.comment) ?? '',
    };
  });
}

const OVERRIDABLE = Object.keys(SIZING_CONSTANTS).filter((name) => !FIXED_CONSTANT_NAMES.includes(name));
const props = documentedProps();

test('the interface has one optional number per overridable constant, in the table\'s order, and none for a fixed one', () => {
  expect(props.map((prop) => prop.name)).toEqual(OVERRIDABLE.map(overrideProp));
  for (const prop of props) {
    expect([prop.name, prop.optional, prop.type]).toEqual([prop.name, true, 'number']);
  }
});

test.each(OVERRIDABLE)('%s: the property\'s summary names the constant and its unit, and its @default is the table\'s value', (name) => {
  const constant = SIZING_CONSTANTS[name as keyof typeof SIZING_CONSTANTS];
  const prop = props.find((candidate) => candidate.name === overrideProp(name))!;
  expect(prop.summary).toMatch(new RegExp(`\\(\`${name}\`\\), in ${constant.unit.replace(/[/.]/g, '\\$&')}\\.$`));
  const match = /^(\S+) - the library's value, `SizingConstants\.all\(\)\['([A-Z0-9_]+)'\]`$/.exec(prop.defaultText);
  expect(match).not.toBeNull();
  expect(Number(match![1])).toBe(constant.value);
  expect(match![2]).toBe(name);
});

test('the runtime mapping knows every constant; it applies exactly the interface\'s properties and refuses the fixed ones by name', () => {
  expect(Object.keys(CONSTANT_OF_PROP).sort()).toEqual(Object.keys(SIZING_CONSTANTS).map(overrideProp).sort());
  for (const prop of props) {
    const name = CONSTANT_OF_PROP[prop.name];
    const constant = SIZING_CONSTANTS[name as keyof typeof SIZING_CONSTANTS];
    // A value the rules accept for every constant (a share at most 1, a whole number for counts) and unlike the default.
    const value = constant.value === 1 ? 0.5 : 1;
    expect(resolveConstants({ [prop.name]: value }, 'ClusterSizing: constants')[name as keyof typeof SIZING_CONSTANTS]).toBe(value);
  }
  const accepted = new Set(props.map((prop) => prop.name));
  for (const fixed of Object.keys(CONSTANT_OF_PROP).filter((prop) => !accepted.has(prop))) {
    expect(FIXED_CONSTANT_NAMES).toContain(CONSTANT_OF_PROP[fixed]);
    expect(() => resolveConstants({ [fixed]: 1 }, 'ClusterSizing: constants')).toThrow(`constants.${fixed} cannot be overridden`);
  }
});

// madge ships no type declarations (@types/madge describes madge 5, not the 8 used here): the part test/architecture.test.ts uses.
declare module 'madge' {
  interface MadgeConfig {
    fileExtensions?: string[];
    tsConfig?: string;
  }
  interface MadgeInstance {
    /** Every module and the modules it imports. */
    obj(): Record<string, string[]>;
    /** Every import cycle, as the list of files in it. */
    circular(): string[][];
  }
  function madge(path: string | string[], config?: MadgeConfig): Promise<MadgeInstance>;
  export default madge;
}

/**
 * The error every refused input throws: a plain `Error` whose message names the construct, the prop, the value and the fix.
 *
 * From TypeScript and JavaScript it keeps its stack, which leads to the line of the user's app that made the construct.
 * From Python, Java or Go the library runs in a Node.js process that the jsii runtime starts and marks with the environment
 * variable `JSII_AGENT` (e.g. `Python/3.11.7`; set by the jsii runtime of every host language). There the JavaScript frames
 * are the library's and the jsii kernel's, which a Python user cannot act on, and jsii prints them above the host language's
 * exception: the stack is cut to the message alone.
 */
export function inputError(message: string, options?: ErrorOptions): Error {
  const error = new Error(message, options);
  if (process.env.JSII_AGENT) error.stack = `Error: ${message}`;
  return error;
}

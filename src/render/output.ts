/**
 * Where a renderer writes: anything with `write`, such as process.stdout, a file stream or a
 * test's string collector. Renderers take it as an argument so the core never prints.
 */
export interface TextSink {
  write(text: string): unknown;
}

// Imported before `undici` (see outbound.ts). Loading the npm `undici` package installs its own
// Agent as the process-wide dispatcher of Node's built-in `fetch` unless Node's bundled undici
// has set one already. Reading a lazily loaded fetch global loads the bundled copy first, so
// `fetch` elsewhere in the process (the simulators, tests) keeps Node's own dispatcher.
void globalThis.Headers;

// tool-sequencer's Node host: a dependency-free client for the sidecar (Node 20 or later).
// Types: index.d.ts. Usage, exact numbers and recovery: README.md.

export {
  ToolSequencer,
  ToolSequencerError,
  ToolSequencerExitError,
  ToolSequencerProtocolError,
  ToolSequencerTimeoutError,
  findBinary,
} from './client.js';
export {
  ERROR_CODES, FORMATS, ID_POLICIES, METHODS, PROTOCOL_VERSION, REASONING_MEMBERS, STATE_CHANGING,
} from './protocol.js';
export { JSONTextError, checkRaw } from './json-text.js';

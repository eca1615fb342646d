// The one error type of the JS API: an Error with a `code` saying what went wrong (design.md §5).
export const ErrorCode = Object.freeze({
  MODEL_FETCH: 'MODEL_FETCH', // the model could not be downloaded (network, HTTP status, interrupted)
  MODEL_INVALID: 'MODEL_INVALID', // the bytes are not a valid model, or do not match their SHA-256
  BAD_INPUT: 'BAD_INPUT', // the text or an option cannot be used (not a string, lone surrogates, too long)
  ABORTED: 'ABORTED', // cancelled through an AbortSignal, or the translator was disposed
  ENGINE: 'ENGINE', // the engine failed (a bug, out of memory, no WebAssembly SIMD, worker crashed)
});

export class TranslatorError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = 'TranslatorError';
    this.code = ErrorCode[code] ?? ErrorCode.ENGINE;
  }
}

// A plain object that survives postMessage, and back.
export const toWire = (err) =>
  err instanceof TranslatorError
    ? { code: err.code, message: err.message }
    : { code: ErrorCode.ENGINE, message: `internal error: ${err?.message ?? err}` };

export const fromWire = (wire) => new TranslatorError(wire.code, wire.message);

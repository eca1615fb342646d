// Types for web/src/mobilenmt.js: MobileNMT's promise API over a module Web Worker.

/** What went wrong; every rejection of this API is a TranslatorError with one of these codes. */
export type ErrorCodeName = 'MODEL_FETCH' | 'MODEL_INVALID' | 'BAD_INPUT' | 'ABORTED' | 'ENGINE';
export declare const ErrorCode: Readonly<{ [K in ErrorCodeName]: K }>;

export declare class TranslatorError extends Error {
  constructor(code: ErrorCodeName, message: string, options?: { cause?: unknown });
  readonly name: 'TranslatorError';
  readonly code: ErrorCodeName;
}

export interface LoadProgress {
  /** 'download' while bytes arrive, 'verify' while the SHA-256 is checked, 'ready' at the end. */
  phase: 'download' | 'verify' | 'ready';
  loaded: number;
  /** Bytes expected; 0 when the server sent no usable Content-Length. */
  total: number;
  /** 0..1; exactly 1 once phase is 'ready'. */
  fraction: number;
}

export interface CreateOptions {
  /** The .mnmt model: a URL (resolved against the page), or its bytes (copied). Required. */
  model: string | URL | ArrayBuffer | ArrayBufferView;
  /** Expected SHA-256 (hex). Default: read from `<model>.sha256` when the server has it; for bytes, none. */
  sha256?: string;
  /** Called while the model downloads and loads. */
  onProgress?: (progress: LoadProgress) => void;
  /** Keep the verified model in the Cache API for offline use (default true; falls back to memory). */
  cache?: boolean;
  /** URL of mobilenmt-wasm.mjs (default: next to mobilenmt.js). */
  engine?: string | URL;
  /** 1 = greedy (default); N > 1 = beam search with N hypotheses (at most 64). */
  beamSize?: number;
  /** Cancels the creation (rejects with ABORTED). */
  signal?: AbortSignal;
}

export interface TranslatorInfo {
  /** e.g. "en-de". */
  languages: string;
  /** The model file's JSON metadata, unparsed. */
  metadata: string;
  /** The engine's GEMM kernel, e.g. "wasm_simd". */
  kernel: string;
  modelBytes: number;
  /** SHA-256 of the model bytes (null when bytes were passed in without an expected digest). */
  sha256: string | null;
  /** Where the model came from. */
  source: 'cache' | 'network' | 'memory';
}

export interface TranslateOptions {
  /** Rejects with ABORTED; the work stops at the next sentence and the translator stays usable. */
  signal?: AbortSignal;
  /** Longest accepted text in UTF-16 code units (default 100000); longer is BAD_INPUT. */
  maxLength?: number;
  /**
   * Called after each sentence with its result, the number done, the number of sentences, and the
   * translation of the text up to and including this sentence (whitespace kept as in the input; a
   * prefix of the final `text`), for showing a long text's translation while it grows.
   */
  onSentence?: (sentence: SentenceResult, done: number, total: number, textSoFar: string) => void;
  /** The search for this call only (default: create's beamSize), e.g. beam 4 for a selection, greedy for a page. */
  beamSize?: number;
}

export interface SentenceResult {
  /** The source sentence, without its surrounding whitespace. */
  source: string;
  /** Its translation. */
  text: string;
  /** Milliseconds this sentence took, round trip to the worker included. */
  ms: number;
}

export interface TranslationResult {
  /** The whole translation; whitespace and line breaks between sentences are kept as in the input. */
  text: string;
  sentences: SentenceResult[];
}

export declare class Translator {
  private constructor();
  /** Starts the worker, gets and verifies the model, loads it. */
  static create(options: CreateOptions): Promise<Translator>;
  readonly info: TranslatorInfo;
  translate(text: string, options?: TranslateOptions): Promise<TranslationResult>;
  /** Engine figures: decoder workspace and WebAssembly heap in bytes, sentences translated so far. */
  stats(): Promise<{ workspaceBytes: number; heapBytes: number; sentences: number }>;
  /** Terminates the worker; pending calls reject with ABORTED. Idempotent. */
  dispose(): void;
}

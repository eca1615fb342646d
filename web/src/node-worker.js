// Node only (tests, scripts): runs worker.js in a worker_threads Worker behind the small part of the
// Web Worker interface that mobilenmt.js uses (postMessage, addEventListener, terminate). This one
// file is both sides: the main thread calls startNodeWorker(); inside the thread it installs `self`.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

export function startNodeWorker(workerUrl) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { workerUrl: workerUrl.href } });
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    addEventListener(type, listener) {
      if (type === 'message') worker.on('message', (data) => listener({ data }));
      if (type === 'error') worker.on('error', (error) => listener({ message: error.message, error }));
    },
    terminate: () => void worker.terminate(),
  };
}

if (!isMainThread && workerData?.workerUrl) {
  globalThis.self = globalThis;
  globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
  globalThis.addEventListener = (type, listener) => {
    if (type === 'message') parentPort.on('message', (data) => listener({ data }));
  };
  await import(workerData.workerUrl);
}

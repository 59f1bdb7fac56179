import { createHash } from 'node:crypto';
import type { StorageEngine } from 'multer';

/** An upload as the hashing storage keeps it: its bytes and their sha256, computed as they arrived. */
export type HashedUpload = Express.Multer.File & { sha256: string };

/**
 * Multer storage that hashes each chunk as it arrives and keeps the bytes, which PAdES verification
 * needs whole (the signed byte ranges run to the end of the file, around the signature in the middle).
 * Multer's fileSize limit stops the stream at the cap, so no more than the cap is ever held.
 */
export function hashingStorage(): StorageEngine {
  return {
    _handleFile(_req, file, done) {
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let size = 0;
      file.stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        chunks.push(chunk);
        size += chunk.length;
      });
      file.stream.on('error', done);
      file.stream.on('end', () => {
        const received: Partial<HashedUpload> = {
          buffer: Buffer.concat(chunks, size),
          size,
          sha256: hash.digest('hex'),
        };
        done(null, received);
      });
    },
    _removeFile(_req, file, done) {
      (file as Partial<HashedUpload>).buffer = undefined;
      done(null);
    },
  };
}

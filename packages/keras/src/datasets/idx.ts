/**
 * The IDX format of the MNIST and Fashion-MNIST files: a magic number (two zero
 * bytes, a type code, the number of dimensions), the dimensions as big-endian
 * 32-bit integers, then the values. Only unsigned bytes (type 0x08) occur in them.
 */

/** An array read from an IDX file. */
export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

/** Reads an (already decompressed) IDX file of unsigned bytes; `name` is used in errors. */
export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || view.getUint16(0) !== 0 || bytes[2] !== 0x08) {
    throw new Error(`${name} is not an IDX file of unsigned bytes (its magic number is wrong): is it damaged?`);
  }
  const rank = bytes[3]!;
  const offset = 4 + 4 * rank;
  const shape: number[] = [];
  for (let i = 0; i < rank && 4 + 4 * i + 4 <= bytes.length; i++) shape.push(view.getUint32(4 + 4 * i));
  const size = shape.reduce((a, b) => a * b, 1);
  if (shape.length !== rank || bytes.length !== offset + size) {
    throw new Error(`${name} is truncated: its header announces shape [${shape.join(', ')}] but it holds ${bytes.length - offset} values.`);
  }
  return { shape, data: bytes.subarray(offset) };
}

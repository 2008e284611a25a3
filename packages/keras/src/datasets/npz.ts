/**
 * NumPy's `.npz` files (how Keras ships MNIST): a zip archive of `.npy` arrays.
 * Entries may be stored or deflated (`np.savez` or `np.savez_compressed`), with
 * zip64 sizes as recent NumPy writes them. Only unsigned-byte arrays are read.
 */

/** An array read from a `.npy` entry. */
export interface NpyArray {
  shape: number[];
  data: Uint8Array;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_EXTRA = 0x0001;
const UNKNOWN_32 = 0xffffffff;

/** A zip entry's location and compression. */
interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/** Reads the central directory of a zip archive. */
function zipEntries(bytes: Uint8Array, file: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== END_OF_CENTRAL_DIRECTORY) end--;
  if (end < 0) throw new Error(`${file} is not a zip archive (.npz): is it damaged?`);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== CENTRAL_DIRECTORY_ENTRY) throw new Error(`${file}: damaged zip directory.`);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const entry: ZipEntry = {
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    };
    // Zip64: the 32-bit fields hold 0xffffffff and the real values sit in the extra
    // field, in the order uncompressed size, compressed size, offset (present ones only).
    const uncompressed32 = view.getUint32(at + 24, true);
    for (let x = at + 46 + nameLength; x < at + 46 + nameLength + extraLength; ) {
      const id = view.getUint16(x, true);
      const size = view.getUint16(x + 2, true);
      if (id === ZIP64_EXTRA) {
        let field = x + 4;
        const next = (): number => {
          const v = Number(view.getBigUint64(field, true));
          field += 8;
          return v;
        };
        if (uncompressed32 === UNKNOWN_32) next();
        if (entry.compressedSize === UNKNOWN_32) entry.compressedSize = next();
        if (entry.localHeaderOffset === UNKNOWN_32) entry.localHeaderOffset = next();
      }
      x += 4 + size;
    }
    entries.push(entry);
    at += 46 + nameLength + extraLength + view.getUint16(at + 32, true);
  }
  return entries;
}

/** Reads a `.npy` array of unsigned bytes. */
function parseNpy(bytes: Uint8Array, name: string): NpyArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0x93 || new TextDecoder().decode(bytes.subarray(1, 6)) !== 'NUMPY') {
    throw new Error(`${name} is not a .npy array.`);
  }
  const major = bytes[6]!;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr !== '|u1' && descr !== '<u1') {
    throw new Error(`${name} holds ${descr ?? 'an unknown dtype'}; only unsigned bytes ('|u1') are read.`);
  }
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${name} is in Fortran order; only C order is read.`);
  const shape = (shapeText ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  const data = bytes.subarray(start + headerLength);
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw new Error(`${name} is truncated: shape (${shape.join(', ')}) but ${data.length} values.`);
  return { shape, data };
}

/**
 * Reads the arrays of an `.npz` archive; `inflateRaw` decompresses deflated entries
 * (the platform supplies it). `file` is used in errors.
 */
export async function parseNpz(
  bytes: Uint8Array,
  file: string,
  inflateRaw: (bytes: Uint8Array) => Promise<Uint8Array>,
): Promise<Map<string, NpyArray>> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const arrays = new Map<string, NpyArray>();
  for (const entry of zipEntries(bytes, file)) {
    const at = entry.localHeaderOffset;
    if (view.getUint32(at, true) !== LOCAL_HEADER) throw new Error(`${file}: damaged zip entry ${entry.name}.`);
    const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const raw = bytes.subarray(dataStart, dataStart + entry.compressedSize);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new Error(`${file}: entry ${entry.name} uses zip compression method ${entry.method}; only stored and deflate are read.`);
    }
    const npy = entry.method === 8 ? await inflateRaw(raw) : raw;
    arrays.set(entry.name.replace(/\.npy$/, ''), parseNpy(npy, `${file}:${entry.name}`));
  }
  return arrays;
}

/**
 * Per-model embeddings packed for storage as IEEE half floats: a person's mean embedding keeps ~3 significant
 * digits, far below the spread between people (cosines differ in the second digit), at half the bytes of float32.
 * Layout: for each model, [u8 name length][name utf-8][u16 dim][dim x float16], little-endian.
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow -> Inf
  if (e <= 0) {
    if (e < -10) return sign; // underflow -> 0
    mant |= 0x800000; // subnormal half
    const shift = 14 - e;
    let half = mant >>> shift;
    if ((mant >>> (shift - 1)) & 1) half++; // round half up
    return sign | half;
  }
  let half = sign | (e << 10) | (mant >>> 13);
  if (mant & 0x1000) half++; // round to nearest (carry into the exponent is correct)
  return half;
}

export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

export function packEmbeddings(embeddings: Record<string, Float32Array>): Buffer {
  const parts: Buffer[] = [];
  for (const [model, vector] of Object.entries(embeddings).sort(([a], [b]) => a.localeCompare(b))) {
    const name = Buffer.from(model, 'utf8');
    const head = Buffer.alloc(3 + name.length);
    head.writeUInt8(name.length, 0);
    name.copy(head, 1);
    head.writeUInt16LE(vector.length, 1 + name.length);
    const body = Buffer.alloc(vector.length * 2);
    for (let i = 0; i < vector.length; i++) body.writeUInt16LE(toHalf(vector[i]), i * 2);
    parts.push(head, body);
  }
  return Buffer.concat(parts);
}

export function unpackEmbeddings(bytes: Uint8Array): Record<string, Float32Array> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, Float32Array> = {};
  for (let at = 0; at < buf.length; ) {
    const len = buf.readUInt8(at);
    const model = buf.toString('utf8', at + 1, at + 1 + len);
    const dim = buf.readUInt16LE(at + 1 + len);
    at += 3 + len;
    const v = new Float32Array(dim);
    for (let i = 0; i < dim; i++) v[i] = fromHalf(buf.readUInt16LE(at + i * 2));
    at += dim * 2;
    out[model] = v;
  }
  return out;
}

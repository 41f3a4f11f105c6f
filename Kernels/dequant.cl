#pragma OPENCL FP_CONTRACT OFF
// dequant.cl — ggml block-quantised bytes to float, one work-item per element.
//
// Each kernel mirrors GGMLQuant.<type>.value (Sources/WeightAtlas/Tensor/Quantization)
// operation for operation, so its floats are bit-identical to the CPU's (and gguf-py's):
// f16 scales are widened to float first (vload_half, exact), then the same products and
// differences in the same association order, with no fused operations (FP_CONTRACT OFF).
// Blocks are read byte by byte: an 18- or 110-byte block leaves wider fields unaligned.
//
// One kernel per type (dequant_q4_0 ... dequant_q8_K), all with the same arguments;
// global size at least count (work-items past it are idle, so the host may round it up
// to whole work-groups):
//   blocks   the uploaded blocks, back to back (block 0 holds element `first`)
//   count    number of elements to decode
//   first    element index of out[0] inside the uploaded blocks (0 ... block size − 1)
//   out      count floats: out[i] is element first + i

/// The little-endian f16 at p, widened to float (exact for every f16, NaN and ±inf too).
float f16_at(__global const uchar *p)
{
    const ushort bits = (ushort)(p[0] | (p[1] << 8));
    return vload_half(0, (const __private half *)&bits);
}

/// The little-endian u32 at p.
uint u32_at(__global const uchar *p)
{
    return (uint)p[0] | ((uint)p[1] << 8) | ((uint)p[2] << 16) | ((uint)p[3] << 24);
}

// Q4_0 (32 elements, 18 bytes): d (f16), 16 bytes of nibbles. d * (q - 8).
__kernel void dequant_q4_0(__global const uchar *blocks, ulong count, ulong first, __global float *out)
{
    const size_t i = get_global_id(0);
    if (i >= count) return;
    const ulong e = first + i;
    const uint j = (uint)(e % 32);
    __global const uchar *b = blocks + (e / 32) * 18;
    const uchar q = b[2 + (j & 15)];
    const int n = j < 16 ? (q & 0x0F) : (q >> 4);
    out[i] = f16_at(b) * (float)(n - 8);
}

// Q4_1 (32 elements, 20 bytes): d, m (f16), 16 bytes of nibbles. d * q + m.
__kernel void dequant_q4_1(__global const uchar *blocks, ulong count, ulong first, __global float *out)
{
    const size_t i = get_global_id(0);
    if (i >= count) return;
    const ulong e = first + i;
    const uint j = (uint)(e % 32);
    __global const uchar *b = blocks + (e / 32) * 20;
    const uchar q = b[4 + (j & 15)];
    const uint n = j < 16 ? (q & 0x0F) : (q >> 4);
    const float v = f16_at(b) * (float)n;
    out[i] = v + f16_at(b + 2);
}

// Q5_0 (32 elements, 22 bytes): d (f16), qh (u32 of fifth bits), 16 bytes of nibbles.
// d * (q - 16).
__kernel void dequant_q5_0(__global const uchar *blocks, ulong count, ulong first, __global float *out)
{
    const size_t i = get_global_id(0);
    if (i >= count) return;
    const ulong e = first + i;
    const uint j = (uint)(e % 32);
    __global const uchar *b = blocks + (e / 32) * 22;
    const uint q = b[6 + (j & 15)];
    const uint nibble = j < 16 ? (q & 0x0F) : (q >> 4);
    const uint fifth = (u32_at(b + 2) >> j) & 1;
    out[i] = f16_at(b) * (float)((int)(nibble | (fifth << 4)) - 16);
}

// Q5_1 (32 elements, 24 bytes): d, m (f16), qh (u32), 16 bytes of nibbles. d * q + m.
__kernel void dequant_q5_1(__global const uchar *blocks, ulong count, ulong first, __global float *out)
{
    const size_t i = get_global_id(0);
    if (i >= count) return;
    const ulong e = first + i;
    const uint j = (uint)(e % 32);
    __global const uchar *b = blocks + (e / 32) * 24;
    const uint q = b[8 + (j & 15)];
    const uint nibble = j < 16 ? (q & 0x0F) : (q >> 4);
    const uint fifth = (u32_at(b + 4) >> j) & 1;
    const float v = f16_at(b) * (float)(nibble | (fifth << 4));
    out[i] = v + f16_at(b + 2);
}

// Q8_0 (32 elements, 34 bytes): d (f16), 32 signed bytes. q * d.
__kernel void dequant_q8_0(__global const uchar *blocks, ulong count, ulong first, __global float *out)
{
    const size_t i = get_global_id(0);
    if (i >= count) return;
    const ulong e = first + i;
    const uint j = (uint)(e % 32);
    __global const uchar *b = blocks + (e / 32) * 34;
    out[i] = (float)(char)b[2 + j] * f16_at(b);
}

// Q2_K (256 elements, 84 bytes): 16 scale bytes, 64 bytes of 2-bit quants, d, dmin (f16).
// (d * (sc & 15)) * q - dmin * (sc >> 4).
__kernel void dequant_q2_K(__global const uchar *blocks, ulong count, ulong first, __global float *out)
{
    const size_t i = get_global_id(0);
    if (i >= count) return;
    const ulong e = first + i;
    const uint j = (uint)(e % 256);
    __global const uchar *b = blocks + (e / 256) * 84;
    const uchar scale = b[j >> 4];
    const float dl = f16_at(b + 80) * (float)(scale & 0x0F);
    const float ml = f16_at(b + 82) * (float)(scale >> 4);
    const uint q = (b[16 + (j >> 7) * 32 + (j & 31)] >> (2 * ((j >> 5) & 3))) & 3;
    const float v = dl * (float)q;
    out[i] = v - ml;
}

// Q3_K (256 elements, 110 bytes): 32 bytes hmask, 64 bytes of 2-bit quants, 12 bytes of
// 6-bit scales (minus 32), d (f16). (d * (sc - 32)) * (q - (high bit clear ? 4 : 0)).
__kernel void dequant_q3_K(__global const uchar *blocks, ulong count, ulong first, __global float *out)
{
    const size_t i = get_global_id(0);
    if (i >= count) return;
    const ulong e = first + i;
    const uint j = (uint)(e % 256);
    __global const uchar *b = blocks + (e / 256) * 110;
    const uint k = j >> 4;
    const uint low_scale = k < 8 ? (b[96 + k] & 0x0F) : (b[96 + k - 8] >> 4);
    const uint high_scale = (b[104 + (k & 3)] >> (2 * (k >> 2))) & 3;
    const float dl = f16_at(b + 108) * (float)((int)(low_scale | (high_scale << 4)) - 32);
    const int low = (b[32 + (j >> 7) * 32 + (j & 31)] >> (2 * ((j >> 5) & 3))) & 3;
    const uint high = (b[j & 31] >> (j >> 5)) & 1;
    out[i] = dl * (float)(low - (high == 0 ? 4 : 0));
}

/// Scale and min of group g (0...7) of a Q4_K/Q5_K block from the 12 bytes at s
/// (ggml's get_scale_min_k4).
void scale_min_k4(__global const uchar *s, uint g, float *scale, float *min)
{
    if (g < 4) {
        *scale = (float)(s[g] & 63);
        *min = (float)(s[g + 4] & 63);
    } else {
        const uchar packed = s[g + 4];
        *scale = (float)((packed & 0x0F) | ((s[g - 4] >> 2) & 0x30));
        *min = (float)((packed >> 4) | ((s[g] >> 2) & 0x30));
    }
}

// Q4_K (256 elements, 144 bytes): d, dmin (f16), 12 bytes of scales and mins, 128 bytes of
// nibbles. (d * sc) * q - dmin * m.
__kernel void dequant_q4_K(__global const uchar *blocks, ulong count, ulong first, __global float *out)
{
    const size_t i = get_global_id(0);
    if (i >= count) return;
    const ulong e = first + i;
    const uint j = (uint)(e % 256);
    __global const uchar *b = blocks + (e / 256) * 144;
    const uint g = j >> 5;
    float scale, min;
    scale_min_k4(b + 4, g, &scale, &min);
    const float d1 = f16_at(b) * scale;
    const float m1 = f16_at(b + 2) * min;
    const uint q = (b[16 + (g >> 1) * 32 + (j & 31)] >> (4 * (g & 1))) & 0x0F;
    const float v = d1 * (float)q;
    out[i] = v - m1;
}

// Q5_K (256 elements, 176 bytes): d, dmin (f16), 12 bytes of scales and mins, 32 bytes qh,
// 128 bytes of low nibbles. (d * sc) * q - dmin * m.
__kernel void dequant_q5_K(__global const uchar *blocks, ulong count, ulong first, __global float *out)
{
    const size_t i = get_global_id(0);
    if (i >= count) return;
    const ulong e = first + i;
    const uint j = (uint)(e % 256);
    __global const uchar *b = blocks + (e / 256) * 176;
    const uint g = j >> 5, l = j & 31;
    float scale, min;
    scale_min_k4(b + 4, g, &scale, &min);
    const float d1 = f16_at(b) * scale;
    const float m1 = f16_at(b + 2) * min;
    const uint low = (b[48 + (g >> 1) * 32 + l] >> (4 * (g & 1))) & 0x0F;
    const uint q = low | (((b[16 + l] >> g) & 1) << 4);
    const float v = d1 * (float)q;
    out[i] = v - m1;
}

// Q6_K (256 elements, 210 bytes): 128 bytes of low nibbles, 64 bytes of high 2-bit pairs,
// 16 signed scales, d (f16). (d * sc) * (q - 32).
__kernel void dequant_q6_K(__global const uchar *blocks, ulong count, ulong first, __global float *out)
{
    const size_t i = get_global_id(0);
    if (i >= count) return;
    const ulong e = first + i;
    const uint j = (uint)(e % 256);
    __global const uchar *b = blocks + (e / 256) * 210;
    const uint h = j >> 7, r = j & 127;
    const uint low = (b[64 * h + (r & 63)] >> (4 * (r >> 6))) & 0x0F;
    const uint high = (b[128 + 32 * h + (r & 31)] >> (2 * (r >> 5))) & 3;
    const float dl = f16_at(b + 208) * (float)(char)b[192 + (j >> 4)];
    out[i] = dl * (float)((int)(low | (high << 4)) - 32);
}

// Q8_K (256 elements, 292 bytes): d (f32), 256 signed bytes, 16 i16 sums (unused). d * q.
// A subnormal d stays subnormal here: the host uses this kernel only on devices with
// CL_FP_DENORM.
__kernel void dequant_q8_K(__global const uchar *blocks, ulong count, ulong first, __global float *out)
{
    const size_t i = get_global_id(0);
    if (i >= count) return;
    const ulong e = first + i;
    const uint j = (uint)(e % 256);
    __global const uchar *b = blocks + (e / 256) * 292;
    out[i] = as_float(u32_at(b)) * (float)(char)b[4 + j];
}

#pragma OPENCL FP_CONTRACT OFF
// histogram.cl — 64-bin counts of the finite values of a chunk.
//
// A finite value's bin is exactly Histogram.bin(of:) on the host: the last b <= 63 with
// x >= thresholds[b], found as the host's CPU backend finds it (a guess ⌊(x − lo)·scale⌋
// moved until the thresholds agree), so it is exact whatever the arithmetic rounds to.
// Each work-group counts into local bins with atomic_inc, then writes its 64 counts; the
// host adds the groups'.
//
// histogram_bins: global size = groups × local size; work-item i reads i, i + global, …
//   values      count floats
//   count       number of values
//   thresholds  65 floats (Histogram.thresholds), ascending
//   partial     groups × 64 uints: group g's count of bin b at g*64 + b
//   bins        local scratch, 64 uints
//   offset      index of the chunk's first value in `values` (a tensor kept on the device)
//   lo, scale   thresholds[0] and 64 / (thresholds[64] − thresholds[0]) (0 for one value)
//   margin      Histogram.margin: a guess whose fraction lies at least this far from 0 and 1
//               is the bin without a comparison (the host's proof; a flushed subnormal
//               gives g = 0, fraction 0, so it is compared)

__kernel void histogram_bins(__global const float *values,
                             ulong count,
                             __constant float *thresholds,
                             __global uint *partial,
                             __local uint *bins,
                             ulong offset,
                             float lo,
                             float scale,
                             float margin)
{
    values += offset;
    const size_t lid = get_local_id(0), size = get_local_size(0);
    for (size_t b = lid; b < 64; b += size) bins[b] = 0;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (size_t i = get_global_id(0); i < count; i += get_global_size(0)) {
        const float x = values[i];
        if (!isfinite(x)) continue;
        // The host's Histogram.bin(of:guessFrom:): a guess from arithmetic, then corrected
        // against the thresholds (a step at most, but for overflowing ranges), instead of six
        // dependent loads and compares.
        const float g = (x - lo) * scale;
        int b = g >= 1.0f ? (int)(g < 63.0f ? g : 63.0f) : 0;
        const float fraction = g - (float)b;
        if (!(fraction >= margin && fraction <= 1.0f - margin)) {
            while (b > 0 && x < thresholds[b]) b -= 1;
            while (b < 63 && x >= thresholds[b + 1]) b += 1;
        }
        atomic_inc(&bins[b]);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (size_t b = lid; b < 64; b += size) partial[get_group_id(0) * 64 + b] = bins[b];
}

#pragma OPENCL FP_CONTRACT OFF
// reduce.cl — per-segment statistics of a chunk of float values.
//
// The chunk holds elements e0 ..< e0 + n of a sequence cut into segments of
// `segment_length` values, with `phase = e0 % segment_length`. Segment j of the
// chunk covers chunk indices [max(0, j*L - phase), min(n, (j+1)*L - phase)); the
// first and last segments may be partial.
//
// reduce_segments: one work-group per segment (global size = segments × local size,
// local size a power of two). Each work-item strides over its segment, then the
// group combines the partial results with a tree reduction in local memory.
//   values        the chunk (n floats)
//   n             number of values in the chunk
//   segment_length L, values per segment (> 0)
//   phase         e0 % L
//   out           one segment_stats per segment (24 bytes each, the layout of
//                 SegmentStats on the host)
//   lmin, lmax, lsum, lsq, lnan, linf
//                 local scratch, one entry per work-item of the group
//   offset        index of the chunk's first value in `values` (a tensor kept on the device)
// min and max are over finite values only (+inf / -inf when there is none);
// nan and inf count NaN and ±infinite values; sum and sum_squares are float sums
// of the finite values (their order differs from the CPU's, so the last bits may).

typedef struct {
    float min;
    float max;
    uint nan;
    uint inf;
    float sum;
    float sum_squares;
} segment_stats;

// No values yet: min +inf, max -inf, zero counts and sums.
static segment_stats empty_stats(void)
{
    segment_stats s;
    s.min = INFINITY;
    s.max = -INFINITY;
    s.nan = 0;
    s.inf = 0;
    s.sum = 0.0f;
    s.sum_squares = 0.0f;
    return s;
}

// Adds x to s: counted as NaN or infinite, or folded into min, max and the float sums.
static void add_value(segment_stats *s, const float x)
{
    if (isnan(x)) {
        s->nan += 1;
    } else if (isinf(x)) {
        s->inf += 1;
    } else {
        s->min = x < s->min ? x : s->min;
        s->max = x > s->max ? x : s->max;
        s->sum += x;
        s->sum_squares += x * x;
    }
}

// Chunk indices [begin, end) of segment `segment` (the first and last may be partial).
static void segment_bounds(const ulong segment, const ulong segment_length, const ulong phase, const ulong n,
                           ulong *begin, ulong *end)
{
    const ulong begin_unclamped = segment * segment_length;
    *begin = begin_unclamped > phase ? begin_unclamped - phase : 0;
    const ulong end_unclamped = begin_unclamped + segment_length - phase;
    *end = end_unclamped < n ? end_unclamped : n;
}

__kernel void reduce_segments(__global const float *values,
                              ulong n,
                              ulong segment_length,
                              ulong phase,
                              __global segment_stats *out,
                              __local float *lmin,
                              __local float *lmax,
                              __local float *lsum,
                              __local float *lsq,
                              __local uint *lnan,
                              __local uint *linf,
                              ulong offset)
{
    values += offset;
    const size_t segment = get_group_id(0);
    const size_t lid = get_local_id(0);
    const size_t size = get_local_size(0);
    ulong begin, end;
    segment_bounds(segment, segment_length, phase, n, &begin, &end);

    segment_stats s = empty_stats();
    for (ulong i = begin + lid; i < end; i += size) add_value(&s, values[i]);
    lmin[lid] = s.min;
    lmax[lid] = s.max;
    lsum[lid] = s.sum;
    lsq[lid] = s.sum_squares;
    lnan[lid] = s.nan;
    linf[lid] = s.inf;
    barrier(CLK_LOCAL_MEM_FENCE);

    for (size_t step = size / 2; step > 0; step /= 2) {
        if (lid < step) {
            const float a = lmin[lid + step], b = lmax[lid + step];
            lmin[lid] = a < lmin[lid] ? a : lmin[lid];
            lmax[lid] = b > lmax[lid] ? b : lmax[lid];
            lsum[lid] += lsum[lid + step];
            lsq[lid] += lsq[lid + step];
            lnan[lid] += lnan[lid + step];
            linf[lid] += linf[lid + step];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }

    if (lid == 0) {
        segment_stats s;
        s.min = lmin[0];
        s.max = lmax[0];
        s.nan = lnan[0];
        s.inf = linf[0];
        s.sum = lsum[0];
        s.sum_squares = lsq[0];
        out[segment] = s;
    }
}

// reduce_each: the same statistics with one work-item per segment, which walks its segment
// in order (global size at least `segments`, items past it idle). For CPU devices, where a
// work-group per segment of a few hundred values spends its time in barriers and the tree.
//   segments      segments in the chunk; the other arguments are reduce_segments' own
__kernel void reduce_each(__global const float *values,
                          ulong n,
                          ulong segment_length,
                          ulong phase,
                          __global segment_stats *out,
                          ulong segments,
                          ulong offset)
{
    values += offset;
    const size_t segment = get_global_id(0);
    if (segment >= segments) return;
    ulong begin, end;
    segment_bounds(segment, segment_length, phase, n, &begin, &end);

    segment_stats s = empty_stats();
    for (ulong i = begin; i < end; i++) add_value(&s, values[i]);
    out[segment] = s;
}

#pragma OPENCL FP_CONTRACT OFF
// rescale.cl — float values to 9-bit level codes, one work-item per value.
//
// The code of value x in normalisation group g (with params p = params[g]) is
//   level(x) | (isfinite(x) ? 0 : 256)
// where level is exactly GroupParams.level on the host, by the group's rule:
//   nearest:     v = (x*k - lo) * s;  v = v > 0 ? v : 0;  v = v < 255 ? v : 255;  rint(v)
//   torchvision: c = clamp(x, lo, hi);  v = (c - lo) / d * 255 + 0.5;  clamped as above;  trunc(v)
// in float with no fused operations (FP_CONTRACT OFF). Adding and removing 2^23 rounds
// to nearest, ties to even, like rint, for 0...255. The division must be correctly rounded:
// the host builds this file with -cl-fp32-correctly-rounded-divide-sqrt. The level is kept for non-finite
// values too: grey output draws it, colour output draws the marker instead.
//
// rescale_values: global size at least count (work-items past it are idle, so the host
// may round it up to whole work-groups)
//   values        count floats from `offset`: global elements first_element ..< first_element + count
//   count         number of values
//   first_element global element index (in the tensor) of values[0]
//   group_length  values per normalisation group (group = element / group_length)
//   first_group   group index of params[0] (the host uploads only the groups it needs)
//   params        group_params per group (32 bytes each, the layout of GroupParams)
//   codes         count ushort codes (0...255 level, bit 8 set when x is NaN or ±inf)
//   offset        index of values[0] in the buffer (a tensor kept on the device)

typedef struct {
    float k;
    float lo;
    float s;
    float hi;
    float d;
    uint rule;          // 0 nearest, 1 torchvision
    float reserved[2];
} group_params;

// The code of x under its group's parameters p: GroupParams.level on the host, the bit of a
// non-finite value added.
static ushort code_of(const float x, const group_params p)
{
    float v;
    if (p.rule == 1u) {
        float c = x > p.lo ? x : p.lo;
        c = c < p.hi ? c : p.hi;
        v = (c - p.lo) / p.d * 255.0f + 0.5f;
    } else {
        v = (x * p.k - p.lo) * p.s;
    }
    v = v > 0.0f ? v : 0.0f;
    v = v < 255.0f ? v : 255.0f;
    if (p.rule != 1u) v = (v + 8388608.0f) - 8388608.0f;
    return (ushort)v | (isfinite(x) ? (ushort)0 : (ushort)256);
}

__kernel void rescale_values(__global const float *values,
                             ulong count,
                             ulong first_element,
                             ulong group_length,
                             ulong first_group,
                             __global const group_params *params,
                             __global ushort *codes,
                             ulong offset)
{
    values += offset;
    const size_t i = get_global_id(0);
    if (i >= count) return;
    codes[i] = code_of(values[i], params[(first_element + i) / group_length - first_group]);
}

// rescale_runs: the same codes, one work-item per run of `run` consecutive values (global
// size at least ceil(count / run)), for CPU devices: the group is found by one division per
// run and then followed, its parameters loaded when it changes, instead of a 64-bit division
// and a parameter load per value. Arguments as rescale_values, then `run`.
__kernel void rescale_runs(__global const float *values,
                           ulong count,
                           ulong first_element,
                           ulong group_length,
                           ulong first_group,
                           __global const group_params *params,
                           __global ushort *codes,
                           ulong offset,
                           ulong run)
{
    values += offset;
    const ulong start = (ulong)get_global_id(0) * run;
    if (start >= count) return;
    const ulong end = start + run < count ? start + run : count;
    const ulong element = first_element + start;
    ulong group = element / group_length;
    ulong left = group_length - element % group_length;
    group_params p = params[group - first_group];
    for (ulong i = start; i < end; i++) {
        if (left == 0) {
            group += 1;
            p = params[group - first_group];
            left = group_length;
        }
        left -= 1;
        codes[i] = code_of(values[i], p);
    }
}

#pragma OPENCL FP_CONTRACT OFF
// lowrank.cl — a LoRA module's delta scale · B · A, one work-item per output element.
//
// Element (i, j) is exactly LowRankProduct.element on the host:
//   acc = 0;  for k in 0..<rank: acc = acc + b[i*rank + k] * a[k*cols + j];  acc * scale
// in float, each operation rounded on its own (FP_CONTRACT OFF: no fused multiply-add).
//
// lowrank_product: global size at least (cols, rows); work-items past either are idle, so
// the host may round it up to whole work-groups.
//   b           rows × rank floats, row-major (lora_B)
//   a           rank × cols floats, row-major (lora_A)
//   rows, cols, rank
//   scale       alpha / rank (or alpha / sqrt(rank)), rounded to float on the host
//   transposed  0: out[i*cols + j];  1: out[j*rows + i]
//   out         rows × cols floats

__kernel void lowrank_product(__global const float *b,
                              __global const float *a,
                              uint rows,
                              uint cols,
                              uint rank,
                              float scale,
                              uint transposed,
                              __global float *out)
{
    const uint j = (uint)get_global_id(0);
    const uint i = (uint)get_global_id(1);
    if (j >= cols || i >= rows) return;
    float acc = 0.0f;
    for (uint k = 0; k < rank; k++) {
        const float product = b[(size_t)i * rank + k] * a[(size_t)k * cols + j];
        acc = acc + product;
    }
    const float value = acc * scale;
    if (transposed) {
        out[(size_t)j * rows + i] = value;
    } else {
        out[(size_t)i * cols + j] = value;
    }
}

#ifndef WEIGHTATLAS_COPENCL_SHIM_H
#define WEIGHTATLAS_COPENCL_SHIM_H
// Pin the API we program against: OpenCL 1.2 runs on every ICD we target
// (NVIDIA, AMD, Intel, PoCL) and keeps deprecated-API warnings quiet.
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#endif

#ifndef WEIGHTATLAS_CPNG_SHIM_H
#define WEIGHTATLAS_CPNG_SHIM_H
#include <png.h>
#include <zlib.h>
#endif

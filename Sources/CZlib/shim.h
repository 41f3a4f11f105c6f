#ifndef WEIGHTATLAS_CZLIB_SHIM_H
#define WEIGHTATLAS_CZLIB_SHIM_H
#include <zlib.h>
#endif

#ifndef WEIGHTATLAS_CISAL_SHIM_H
#define WEIGHTATLAS_CISAL_SHIM_H
// Intel ISA-L: igzip deflate, its Adler-32, and the reflected (gzip/PNG) CRC-32.
#include <isa-l/igzip_lib.h>
#include <isa-l/crc.h>

// The level-buffer sizes igzip wants, as constants Swift can import (the header's
// macros are expressions Swift does not import).
enum {
    WA_ISAL_LEVEL1_BUFFER = ISAL_DEF_LVL1_DEFAULT,
    WA_ISAL_LEVEL2_BUFFER = ISAL_DEF_LVL2_DEFAULT,
    WA_ISAL_LEVEL3_BUFFER = ISAL_DEF_LVL3_DEFAULT,
};
#endif
